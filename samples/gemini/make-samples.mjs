// Writes the Gemini samples from the documented GenerateContentResponse shape (see README.md here):
// node samples/gemini/make-samples.mjs. Each SSE sample is `data: {json}` + CRLF CRLF, as alt=sse sends it
// (and as the corpus capture has it); the JSON-array twins are the same chunks as one array.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const dir = new URL('.', import.meta.url);
const model = 'gemini-2.5-flash';
const usage = (prompt, candidates, extra = {}) => ({ promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates + (extra.thoughtsTokenCount ?? 0), ...extra });
const chunk = (id, candidates, more = {}) => ({ candidates, ...more, modelVersion: model, responseId: id });
const cand = (parts, more = {}) => ({ content: { parts, role: 'model' }, ...more });

const sse = (chunks) => chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
/** The default framing, compact: `[{…},\r\n{…}]`. */
const arrayCompact = (chunks) => `[${chunks.map((c) => JSON.stringify(c)).join(',\r\n')}]`;
/** The default framing as the API pretty-prints it: each element over many lines, `,` on a line of its own. */
const arrayPretty = (chunks) => `[${chunks.map((c) => JSON.stringify(c, null, 2).replace(/\n/g, '\r\n')).join('\r\n,\r\n')}\r\n]\r\n`;

const write = (name, text) => writeFileSync(new URL(name, dir), text);

const textStop = [
  chunk('resp-text-1', [cand([{ text: 'The capital' }])], { usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } }),
  chunk('resp-text-1', [cand([{ text: ' of France is ' }])], { usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } }),
  chunk('resp-text-1', [cand([{ text: 'Paris — “la Ville Lumière”.\n' }], { finishReason: 'STOP' })], { usageMetadata: usage(9, 12) }),
];
write('text-stop.sse', sse(textStop));
write('text-stop.json', arrayCompact(textStop));

const signature = 'CiQB0e2Kb3NpZ25hdHVyZS1uZXZlci1wcmludGVkLXNpZ25hdHVyZQ==';
const thinking = [
  chunk('resp-think-1', [cand([{ text: '**Weather lookup**\nThe user wants the weather in Paris; ', thought: true }])], { usageMetadata: { promptTokenCount: 40, totalTokenCount: 40 } }),
  chunk('resp-think-1', [cand([{ text: 'I should call get_weather.', thought: true }])], { usageMetadata: { promptTokenCount: 40, totalTokenCount: 40 } }),
  chunk('resp-think-1', [cand([{ text: 'Let me check that for you.' }])]),
  chunk('resp-think-1', [cand([{ functionCall: { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } }, thoughtSignature: signature }], { finishReason: 'STOP' })], {
    usageMetadata: usage(40, 18, { thoughtsTokenCount: 25 }),
  }),
];
write('thinking-function-call.sse', sse(thinking));
write('thinking-function-call.json', arrayPretty(thinking));

write(
  'code-execution.sse',
  sse([
    chunk('resp-code-1', [cand([{ text: 'I will compute it.' }])]),
    chunk('resp-code-1', [cand([{ executableCode: { language: 'PYTHON', code: 'print(sum(range(1, 101)))\n' } }])]),
    chunk('resp-code-1', [cand([{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '5050\n' } }])]),
    chunk('resp-code-1', [cand([{ text: 'The sum of 1 to 100 is 5050.' }], { finishReason: 'STOP' })], { usageMetadata: usage(20, 30) }),
  ]),
);

write(
  'grounding.sse',
  sse([
    chunk('resp-ground-1', [cand([{ text: 'Spain won Euro 2024, ' }])]),
    chunk('resp-ground-1', [
      cand([{ text: 'beating England 2–1 in the final.' }], {
        finishReason: 'STOP',
        groundingMetadata: {
          webSearchQueries: ['who won euro 2024'],
          groundingChunks: [
            { web: { uri: 'https://example.org/euro-2024-final', title: 'example.org' } },
            { web: { uri: 'https://example.com/spain-champions', title: 'example.com' } },
          ],
          groundingSupports: [{ segment: { startIndex: 0, endIndex: 20, text: 'Spain won Euro 2024' }, groundingChunkIndices: [0, 1] }],
        },
      }),
    ], { usageMetadata: usage(10, 14) }),
  ]),
);

write(
  'max-tokens.sse',
  sse([
    chunk('resp-max-1', [cand([{ text: 'Once upon a time, in a land' }])]),
    chunk('resp-max-1', [cand([{ text: ' far away' }], { finishReason: 'MAX_TOKENS' })], { usageMetadata: usage(8, 10) }),
  ]),
);

write(
  'safety.sse',
  sse([
    chunk('resp-safety-1', [cand([{ text: 'Here is how' }])]),
    chunk('resp-safety-1', [
      cand([], { finishReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] }),
    ], { usageMetadata: usage(12, 3) }),
  ]),
);

write(
  'prompt-blocked.sse',
  sse([
    {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT', safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH' }] },
      usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 },
      modelVersion: model,
      responseId: 'resp-blocked-1',
    },
  ]),
);

write(
  'two-candidates.sse',
  sse([
    chunk('resp-two-1', [cand([{ text: 'Red' }], { index: 0 }), cand([{ text: 'Blue' }], { index: 1 })]),
    chunk('resp-two-1', [cand([{ text: ' roses.' }], { index: 0, finishReason: 'STOP' }), cand([{ text: ' skies.' }], { index: 1, finishReason: 'STOP' })], {
      usageMetadata: usage(6, 8),
    }),
  ]),
);

write(
  'cut-off.sse',
  sse([
    chunk('resp-cut-1', [cand([{ text: 'This answer never' }])]),
    chunk('resp-cut-1', [cand([{ text: ' finishes' }])]),
  ]),
);

write(
  'error-mid-stream.sse',
  sse([
    chunk('resp-err-1', [cand([{ text: 'Starting the answer' }])]),
    { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
  ]),
);

// A real PNG (made here with pngjs): a 16×8 gradient, as an image-capable model returns it in inlineData.
const png = new PNG({ width: 16, height: 8 });
for (let y = 0; y < 8; y++) {
  for (let x = 0; x < 16; x++) {
    const at = (y * 16 + x) * 4;
    png.data[at] = x * 16;
    png.data[at + 1] = y * 32;
    png.data[at + 2] = 128;
    png.data[at + 3] = 255;
  }
}
const pngBytes = PNG.sync.write(png);
writeFileSync(new URL('image.png', dir), pngBytes);
write(
  'image.sse',
  sse([
    chunk('resp-image-1', [cand([{ text: 'Here is a small gradient:' }])]),
    chunk('resp-image-1', [cand([{ inlineData: { mimeType: 'image/png', data: pngBytes.toString('base64') } }])]),
    chunk('resp-image-1', [cand([{ text: 'Enjoy!' }], { finishReason: 'STOP' })], { usageMetadata: usage(11, 1300) }),
  ]),
);
