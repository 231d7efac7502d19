// Writes the Images API samples of this folder: `node samples/families/make-images.mjs` from the project root.
// The events are shaped after openai-python `image_gen_partial_image_event.py`, `image_gen_completed_event.py`,
// `image_edit_partial_image_event.py` and `image_edit_completed_event.py` (see README.md); the images are made here
// with pngjs: 1024×1024 RGB PNGs of coloured blocks that get finer from partial to final, a few kB each.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** A width × height RGB PNG of `block`-pixel squares whose colour follows their place; as base64. */
function blocks(width, height, block, tint) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / block);
      const by = Math.floor(y / block);
      const i = (y * width + x) * 3;
      png.data[i] = (bx * 37 + tint) & 0xff;
      png.data[i + 1] = (by * 53 + tint * 2) & 0xff;
      png.data[i + 2] = ((bx ^ by) * 29 + tint * 3) & 0xff;
    }
  }
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }).toString('base64');
}

/** A valid 1×1 lossless WebP (VP8L). */
const WEBP_1X1 = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';

const usage = (input, images, output) => ({
  input_tokens: input,
  input_tokens_details: { image_tokens: images, text_tokens: input - images },
  output_tokens: output,
  total_tokens: input + output,
});

const sse = (events) => events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
const lines = (events) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

const request = { size: '1024x1024', quality: 'medium', background: 'opaque', output_format: 'png' };
const partial = (type, index, b64, created_at, fields = request) => ({ type, b64_json: b64, created_at, ...fields, partial_image_index: index });
const completed = (type, b64, created_at, u, fields = request) => ({ type, b64_json: b64, created_at, ...fields, usage: u });

const coarse = blocks(1024, 1024, 256, 10);
const middle = blocks(1024, 1024, 64, 20);
const fine = blocks(1024, 1024, 16, 30);

// Two partials and the final image (the capture "Done when" of the issue asks for).
writeFileSync(
  join(DIR, 'images-generation.sse'),
  sse([
    partial('image_generation.partial_image', 0, coarse, 1762447300),
    partial('image_generation.partial_image', 1, middle, 1762447309),
    completed('image_generation.completed', fine, 1762447318, usage(20, 0, 1056)),
  ]),
);

// The same stream cut off after its partials: no `.completed`.
writeFileSync(
  join(DIR, 'images-cut-off.sse'),
  sse([partial('image_generation.partial_image', 0, coarse, 1762447300), partial('image_generation.partial_image', 1, middle, 1762447309)]),
);

// An edit to WebP at size "auto" (no width × height to compare), one partial.
const edit = { size: 'auto', quality: 'high', background: 'transparent', output_format: 'webp' };
writeFileSync(
  join(DIR, 'images-edit-webp.sse'),
  sse([
    partial('image_edit.partial_image', 0, WEBP_1X1, 1762447401, edit),
    completed('image_edit.completed', WEBP_1X1, 1762447433, usage(1620, 1572, 6240), edit),
  ]),
);

// Declarations the bytes contradict: `output_format` jpeg and size 1536x1024 over 1024×1024 PNGs.
const wrong = { size: '1536x1024', quality: 'low', background: 'auto', output_format: 'jpeg' };
writeFileSync(
  join(DIR, 'images-declared-mismatch.sse'),
  sse([
    partial('image_generation.partial_image', 0, coarse, 1762447500, wrong),
    completed('image_generation.completed', fine, 1762447511, usage(16, 0, 272), wrong),
  ]),
);

// An SDK log (JSON lines) of two image streams: a generation with one partial, then an edit with none.
writeFileSync(
  join(DIR, 'images-two-streams.jsonl'),
  lines([
    partial('image_generation.partial_image', 0, coarse, 1762447600),
    completed('image_generation.completed', middle, 1762447611, usage(20, 0, 272)),
    completed('image_edit.completed', fine, 1762447650, usage(340, 323, 1056), { ...request, quality: 'high' }),
  ]),
);
