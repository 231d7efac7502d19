// Writes the Ollama samples of this folder: `node samples/ollama/make-samples.mjs` from the project root. The lines
// follow Ollama's API reference for `POST /api/chat` and `/api/generate` with `stream: true` (and the `ollama` npm
// client's `ChatResponse` / `GenerateResponse` types): NDJSON, one JSON object a line, the last with `done: true`.
// Models, texts, timestamps, counts and durations are made up; none of these was captured.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** A small RGB PNG of coloured squares, as base64. */
function png(width, height, tint) {
  const image = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  image.data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    image.data[i * 3] = (x * 16 + tint) & 0xff;
    image.data[i * 3 + 1] = (y * 16 + tint) & 0xff;
    image.data[i * 3 + 2] = ((x ^ y) * 16) & 0xff;
  }
  return PNG.sync.write(image, { colorType: 2, inputColorType: 2, inputHasAlpha: false }).toString('base64');
}

const ndjson = (lines) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');
let clock = Date.UTC(2026, 0, 12, 9, 30, 0);
const at = () => new Date((clock += 37)).toISOString().replace('Z', '123Z');
const chat = (model, message) => ({ model, created_at: at(), message: { role: 'assistant', content: '', ...message }, done: false });
const generate = (model, fields) => ({ model, created_at: at(), response: '', ...fields, done: false });
const done = (line, reason, counts) => ({ ...line, done: true, done_reason: reason, ...counts });
// Durations in nanoseconds, as Ollama reports them: about 13 ms a prompt token and 16 ms an output token.
const counts = (prompt, output) => ({
  total_duration: 1_334_875 + prompt * 13_175_000 + output * 16_083_000 + 3_210_000,
  load_duration: 1_334_875,
  prompt_eval_count: prompt,
  prompt_eval_duration: prompt * 13_175_000,
  eval_count: output,
  eval_duration: output * 16_083_000,
});

const samples = {
  'chat.ndjson': ndjson([
    chat('llama3.2', { content: 'The sky' }),
    chat('llama3.2', { content: ' is blue because' }),
    chat('llama3.2', { content: ' air scatters short (blue) light' }),
    chat('llama3.2', { content: ' more than long (red) light.' }),
    done(chat('llama3.2', {}), 'stop', counts(26, 282)),
  ]),
  'chat-thinking-tools.ndjson': ndjson([
    chat('qwen3:8b', { thinking: 'The user asks for the weather; ' }),
    chat('qwen3:8b', { thinking: 'I should call get_weather.' }),
    chat('qwen3:8b', {
      tool_calls: [
        { function: { name: 'get_weather', arguments: { city: 'Toronto', unit: 'celsius' } } },
        { function: { name: 'get_time', arguments: { zone: 'America/Toronto' } } },
      ],
    }),
    done(chat('qwen3:8b', {}), 'stop', counts(180, 41)),
  ]),
  'generate.ndjson': ndjson([
    generate('deepseek-r1:7b', { thinking: 'Two plus two ' }),
    generate('deepseek-r1:7b', { thinking: 'is four.' }),
    generate('deepseek-r1:7b', { response: '2 + 2 = ' }),
    generate('deepseek-r1:7b', { response: '4' }),
    { ...done(generate('deepseek-r1:7b', {}), 'stop', counts(12, 9)), context: [151644, 17, 10, 17, 28, 19] },
  ]),
  'chat-length.ndjson': ndjson([
    chat('mistral', { content: 'Once upon a time, in a valley' }),
    chat('mistral', { content: ' between two rivers,' }),
    done(chat('mistral', {}), 'length', counts(9, 8)),
  ]),
  'generate-load.ndjson': ndjson([{ model: 'llama3.2', created_at: at(), response: '', done: true, done_reason: 'load' }]),
  'chat-error.ndjson': ndjson([chat('llama3.2', { content: 'Let me' }), chat('llama3.2', { content: ' think' }), { error: 'an error was encountered while running the model: CUDA error: out of memory' }]),
  'chat-cut-off.ndjson': ndjson([chat('gemma3', { content: 'Photosynthesis turns light,' }), chat('gemma3', { content: ' water and CO2 into' })]),
  'chat-images.ndjson': ndjson([
    chat('llava', { content: 'Here are the two tiles.' }),
    chat('llava', { images: [png(8, 8, 10), png(12, 6, 90)] }),
    done(chat('llava', {}), 'stop', counts(30, 6)),
  ]),
  'generate-image.ndjson': ndjson([
    { model: 'x/z-image-turbo', created_at: at(), done: false, completed: 1, total: 4 },
    { model: 'x/z-image-turbo', created_at: at(), done: false, completed: 4, total: 4 },
    { ...done({ model: 'x/z-image-turbo', created_at: at(), response: '' }, 'stop', { total_duration: 9_120_000_000, load_duration: 2_450_000_000 }), image: png(16, 16, 200) },
  ]),
};

for (const [name, body] of Object.entries(samples)) writeFileSync(join(DIR, name), body);
