#!/usr/bin/env node
// Reference row: eventsource-parser 3.1.1 (a linear, widely used SSE parser) feeding JSON.parse.
// Reads FILE in 1 MiB chunks like respcat; decodes UTF-8 as a stream, as that parser needs strings.
import { createReadStream } from 'node:fs';
import { createParser } from 'eventsource-parser';

const [file] = process.argv.slice(2);
let events = 0;
const parser = createParser({
  onEvent(event) {
    if (event.data === '[DONE]') return;
    JSON.parse(event.data);
    events++;
  },
});
const decoder = new TextDecoder();
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) parser.feed(decoder.decode(chunk, { stream: true }));
parser.feed(decoder.decode());
parser.reset({ consume: true });
process.stdout.write(`${events} events\n`);
