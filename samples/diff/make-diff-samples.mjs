// Writes the captures of this folder: `node samples/diff/make-diff-samples.mjs` from the project root.
// Each is a copy of a bundled sample with one deliberate change, made by replacing exact strings on the
// lines that carry them (every other byte stays as it was), so `respcat diff` has known answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const SAMPLES = join(DIR, '..');

/** Replaces `from` with `to` on the given 1-based lines (each must hold it exactly `count` times) and nowhere else. */
function edit(text, changes) {
  const lines = text.split('\n');
  for (const { lines: targets, from, to, count = 1 } of changes) {
    for (const n of targets) {
      const line = lines[n - 1];
      const found = line.split(from).length - 1;
      if (found !== count) throw new Error(`line ${n}: expected ${count} × ${JSON.stringify(from)}, found ${found}`);
      lines[n - 1] = line.split(from).join(to);
    }
  }
  return lines.join('\n');
}

/** A 1×1 PNG of one RGBA pixel, as base64; `colorType` 6 (RGBA) or 4 (grey and alpha). */
function onePixel([r, g, b, a], colorType) {
  const png = new PNG({ width: 1, height: 1, colorType, inputColorType: 6, inputHasAlpha: true });
  png.data = Buffer.from([r, g, b, a]);
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true }).toString('base64');
}

const seed = readFileSync(join(SAMPLES, 'seed-image-gen.sse'), 'utf8');
// The seed's final image (line 35, the terminal response's `output`): one opaque black pixel, grey and alpha.
const SEED_FINAL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';

// One word of the message changed in one delta (line 16, " black" → " white"), and in the `.done`, part,
// item and terminal-response copies of the text (lines 32–35), so the capture is still consistent: the only
// difference is that word. The image's revised_prompt ("A single black line forming…") is left alone.
writeFileSync(
  join(DIR, 'seed-one-word.sse'),
  edit(seed, [
    { lines: [16], from: '"delta":" black"', to: '"delta":" white"' },
    { lines: [32, 33, 34, 35], from: 'Here is a single black line', to: 'Here is a single white line' },
  ]),
);

// The final image with its one pixel changed (opaque black → opaque white); partial 1, the same PNG, is left alone.
writeFileSync(join(DIR, 'seed-one-pixel.sse'), edit(seed, [{ lines: [35], from: `"result":"${SEED_FINAL}"`, to: `"result":"${onePixel([255, 255, 255, 255], 6)}"` }]));

// The final image re-encoded as RGBA with the same pixel: other bytes, the same picture.
const reencoded = onePixel([0, 0, 0, 255], 6);
if (reencoded === SEED_FINAL) throw new Error('the re-encoded image must differ in its bytes');
writeFileSync(join(DIR, 'seed-reencoded-image.sse'), edit(seed, [{ lines: [35], from: `"result":"${SEED_FINAL}"`, to: `"result":"${reencoded}"` }]));

// Tool calls: samples/kinds/function-calls-interleaved.sse with get_weather's arguments made three keys long
// (tool-call.sse), then those keys reordered and spaced, and then one value changed. The argument deltas
// (lines 14, 20), the `.done` (26), the item (29) and the terminal response (38) change together.
const calls = readFileSync(join(SAMPLES, 'kinds', 'function-calls-interleaved.sse'), 'utf8');
function withArguments(head, tail) {
  const whole = JSON.stringify(head + tail);
  return edit(calls, [
    { lines: [14], from: '"delta":"{\\"city\\":"}', to: `"delta":${JSON.stringify(head)}}` },
    { lines: [20], from: '"delta":"\\"Paris\\"}"}', to: `"delta":${JSON.stringify(tail)}}` },
    { lines: [26, 29], from: '"arguments":"{\\"city\\":\\"Paris\\"}"', to: `"arguments":${whole}` },
    { lines: [38], from: '"arguments":"{\\"city\\":\\"Paris\\"}"', to: `"arguments":${whole}` },
  ]);
}
writeFileSync(join(DIR, 'tool-call.sse'), withArguments('{"city":"Paris","unit":"celsius",', '"days":3}'));
writeFileSync(join(DIR, 'tool-call-reordered-keys.sse'), withArguments('{"days": 3, "unit": "celsius",', ' "city": "Paris"}'));
writeFileSync(join(DIR, 'tool-call-changed-value.sse'), withArguments('{"city":"Lyon","unit":"celsius",', '"days":3}'));
