// The many-small-captures benchmark of issue 22: `check` of 500 small captures (the samples, copied) against
// a floor that only reads each file and JSON.parses its lines. Used by run.mjs; `node bench/many-files.mjs
// DIR` is the floor itself.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Copies the samples' captures round-robin into `count` files under `dir` (nested 50 a folder); returns the bytes. */
export function writeManyFiles(dir, count) {
  const samples = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(sse|jsonl)$/.test(name)) samples.push(path);
    }
  };
  walk(join(ROOT, 'samples'));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const from = samples[i % samples.length];
    const folder = join(dir, `batch-${String(Math.floor(i / 50)).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const to = join(folder, `${String(i).padStart(3, '0')}-${from.split('/').pop()}`);
    copyFileSync(from, to);
    bytes += statSync(to).size;
  }
  return { files: count, bytes, samples: samples.length };
}

/** The floor: every file read whole and each line's JSON (a `data:` payload or a JSON line) parsed. */
function floor(dir) {
  let parsed = 0;
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      for (const line of readFileSync(path, 'utf8').split(/\r\n|\r|\n/)) {
        const json = line.startsWith('data:') ? line.slice(5).trim() : line;
        if (!json.startsWith('{')) continue;
        try {
          JSON.parse(json);
          parsed++;
        } catch {
          // A broken sample line: the floor only pays for trying.
        }
      }
    }
  };
  walk(dir);
  return parsed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${floor(process.argv[2])} lines parsed\n`);
