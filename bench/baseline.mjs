#!/usr/bin/env node
// The plain baseline the benchmark compares respcat with: what a careful person writes in an afternoon.
// readline over the file, JSON.parse of every data line, base64 decode and write of every image,
// message text to stdout. Usage: node bench/baseline.mjs FILE OUT_DIR
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [file, outDir] = process.argv.slice(2);
if (file === undefined || outDir === undefined) {
  process.stderr.write('usage: node bench/baseline.mjs FILE OUT_DIR\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const saved = new Set();
const save = (name, b64) => {
  writeFileSync(join(outDir, `${name}.png`), Buffer.from(b64, 'base64'));
  saved.add(name);
};

const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.startsWith('data:')) continue;
  const data = line.slice(line.startsWith('data: ') ? 6 : 5);
  if (data === '[DONE]') continue;
  const event = JSON.parse(data);
  switch (event.type) {
    case 'response.output_text.delta':
      process.stdout.write(event.delta);
      break;
    case 'response.image_generation_call.partial_image':
      save(`${event.item_id}.partial-${event.partial_image_index}`, event.partial_image_b64);
      break;
    case 'response.output_item.done':
      if (event.item.type === 'image_generation_call' && event.item.result) save(event.item.id, event.item.result);
      break;
    case 'response.completed':
      for (const item of event.response.output) {
        if (item.type === 'image_generation_call' && item.result && !saved.has(item.id)) save(item.id, item.result);
      }
      process.stdout.write('\n');
      break;
  }
}
