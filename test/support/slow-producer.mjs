#!/usr/bin/env node
// A slow network stand-in for terminal tests: writes FILE to stdout SIZE bytes every EVERY ms, and
// pauses PAUSE ms before the byte offset of each `--pause-before TEXT:PAUSE` (the first place TEXT
// occurs in FILE). Usage: slow-producer.mjs FILE SIZE EVERY [--pause-before TEXT:MS]…
import { readFileSync } from 'node:fs';

const [file, size, every, ...rest] = process.argv.slice(2);
const data = readFileSync(file);
const pauses = new Map();
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] !== '--pause-before') throw new Error(`unknown argument ${rest[i]}`);
  const spec = rest[i + 1];
  const at = spec.lastIndexOf(':');
  const offset = data.indexOf(spec.slice(0, at));
  if (offset < 0) throw new Error(`${spec.slice(0, at)} is not in ${file}`);
  pauses.set(offset, Number(spec.slice(at + 1)));
}
const stops = [...pauses.keys(), data.length].sort((a, b) => a - b);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const write = (bytes) => new Promise((resolve) => process.stdout.write(bytes, resolve));
// The reader may be gone (Ctrl-C): stop quietly, as curl does.
process.stdout.on('error', () => process.exit(0));

let at = 0;
for (const stop of stops) {
  while (at < stop) {
    const end = Math.min(at + Number(size), stop);
    await write(data.subarray(at, end));
    at = end;
    await sleep(Number(every));
  }
  if (pauses.has(stop)) await sleep(pauses.get(stop));
}
