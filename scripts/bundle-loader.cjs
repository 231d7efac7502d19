'use strict';
// Copied by scripts/bundle.mjs to dist/bin/load.cjs. Loads respcat's bundled program (dist/bin/respcat.cjs)
// with the V8 code cache the build made for it (respcat.cjs.cache): V8 then neither parses the program
// nor compiles the functions a usual run calls, about a sixth of respcat's start-up (issue 23,
// docs/benchmarks.md). Node 20 has no compile cache of its own. A cache V8 refuses (another Node, other
// V8 flags) is only slower: the program is compiled from its source as without one.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const PROGRAM = join(__dirname, 'respcat.cjs');
const CACHE = `${PROGRAM}.cache`;
/**
 * The code caches, by the runs they were made from (scripts/code-cache.cjs): `default` from a replay and a
 * small check, read at every start, so kept small; `check` from a check of every sample, for `check` and
 * its worker threads, which run the code of every family (issue 22: 500 small captures ~4 % faster).
 */
const CACHES = { default: CACHE, check: `${PROGRAM}.check.cache` };

let loaded = null;

/**
 * The program's exports (runCli, runWorker, main), loaded once per thread. `useCache: false` compiles it
 * from source: the cache is made that way (scripts/code-cache.cjs), or it would keep every function of
 * the cache it was loaded with. `cache` names the code cache to use (CACHES).
 */
function loadProgram({ useCache = true, cache = 'default' } = {}) {
  if (loaded !== null) return loaded.exports;
  // The build makes the bundle ASCII only, so latin1 reads it as it is and fastest.
  const source = readFileSync(PROGRAM, 'latin1');
  let cachedData;
  try {
    cachedData = useCache ? readFileSync(CACHES[cache] ?? CACHE) : undefined;
  } catch {
    cachedData = undefined;
  }
  // The bundle is already the function Node would wrap a module in (scripts/bundle.mjs): compiled as read,
  // V8 takes the latin1 string as it is, with no joined copy of it made at every start.
  const script = new Script(source, { filename: PROGRAM, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(PROGRAM), module, PROGRAM, __dirname);
  loaded = { exports: module.exports, script, cacheName: cache, cache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' };
  return loaded.exports;
}

/** How the program was loaded: its compiled script (the build makes the cache from it) and whether the cache was used. */
function loadedProgram() {
  return loaded;
}

module.exports = { loadProgram, loadedProgram, PROGRAM, CACHE, CACHES };
