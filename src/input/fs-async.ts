import { mkdir as mkdirCallback, readFile as readFileCallback, stat as statCallback } from 'node:fs';
import { promisify } from 'node:util';

// The promise forms of the node:fs calls respcat's start-up path makes, from the callback API: loading
// node:fs/promises (with node:readline) costs ~6 ms of start-up (issue 23).

export const mkdir = promisify(mkdirCallback);
export const readFile = promisify(readFileCallback);
export const stat = promisify(statCallback);
