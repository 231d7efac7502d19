#!/usr/bin/env node
// Reference row: respcat's framing doing what eventsource-parser + JSON.parse do, and no more:
// the byte-level framer, and every payload parsed (large ones by the cheap path, which gives the same values).
import { createReadStream } from 'node:fs';
import { LAZY_MIN_PAYLOAD, parseLargeJson, UNCERTAIN } from '../dist/core/lazy-json.js';
import { createFramer } from '../dist/core/sse.js';
import { nodeBytes } from '../dist/input/read-input.js';

const [file] = process.argv.slice(2);
const strict = new TextDecoder('utf-8', { fatal: true });
const decodeStrict = (bytes) => strict.decode(bytes);
let events = 0;
const framer = createFramer((frame) => {
  if (frame.kind !== 'payload') return;
  let value = frame.bytes.length >= LAZY_MIN_PAYLOAD ? parseLargeJson(frame.bytes, decodeStrict, nodeBytes.decodeAscii) : UNCERTAIN;
  if (value === UNCERTAIN) value = JSON.parse(decodeStrict(frame.bytes));
  events++;
}, { allocate: nodeBytes.allocate });
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) framer.feed(chunk);
framer.end();
process.stdout.write(`${events} events\n`);
