import { close as closeCallback, mkdir as mkdirCallback, readFile as readFileCallback, stat as statCallback, writeFile as writeFileCallback } from 'node:fs';
import { promisify } from 'node:util';

// The promise forms of the node:fs calls respcat's start-up path makes, from the callback API: loading
// node:fs/promises (with node:readline) costs ~6 ms of start-up (issue 23).

export const close = promisify(closeCallback);
export const mkdir = promisify(mkdirCallback);
export const readFile = promisify(readFileCallback);
export const stat = promisify(statCallback);
export const writeFile = promisify(writeFileCallback);
