import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bundled samples. */
export const SAMPLES = join(ROOT, 'samples');
/** The real captures beside the project (absent on machines without ../shared). */
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
/** The seed capture as bundled. */
export const SEED = join(SAMPLES, 'seed-image-gen.sse');

// `.eventstream` is a binary AWS event stream (Bedrock); `.json` is a streamed JSON array (Gemini without alt=sse); a golden's `.inspect.json` / `.check.json` / `.diff.json` is none.
const CAPTURE = /\.(sse|jsonl|ndjson|eventstream|sse\.gz)$|^(?!.*\.(inspect|check|diff)\.json$).*\.json$/;

/** Every capture under samples/ (recursively), as paths relative to the root, sorted. */
export function listSamples(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (CAPTURE.test(name)) found.push(relative(ROOT, path));
    }
  };
  walk(SAMPLES);
  return found.sort();
}

/** Every corpus capture, or none when the folder is absent. */
export function listCorpus(): string[] {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((name) => name.endsWith('.sse') || name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(CORPUS, name));
}

/** Whether goldens should be rewritten instead of compared (`UPDATE_GOLDEN=1`). */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** A capture's bytes, inflated when it is gzip (`.gz`). */
export function loadCapture(path: string): Uint8Array {
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}
