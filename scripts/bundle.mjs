#!/usr/bin/env node
// The second half of `npm run build` (after tsc): bundles the command-line program with esbuild into
// dist/bin/, which bin/respcat.js runs. Loading one bundled file instead of some two hundred modules (and
// their packages), with a V8 code cache, is most of respcat's start-up time (issue 23). tsc's dist/ stays
// as it is: the library (`import … from 'respcat'`, with its .d.ts) and dist/cli/entry.js, the same
// program unbundled.
//
// dist/bin/respcat.cjs: one CommonJS file, since V8 can cache a script's compiled code and Node 20 has no
// such cache for ES modules. Its entry (made here) exports runCli, main and runWorker; the commands the
// CLI imports when they run and every worker thread's module (src/**/*-worker.ts) are dynamic imports in
// it, which run only when asked for. dist/bin/load.cjs (scripts/bundle-loader.cjs) loads it with its code
// caches, respcat.cjs.cache and check's respcat.cjs.check.cache, made by scripts/code-cache.cjs; dist/bin/<name>.cjs is each worker's file,
// loading the same bundle. A `new URL('…-worker.js', import.meta.url)` is pointed at the worker's file;
// one to any other file fails the build.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
export const OUT = join(ROOT, 'dist', 'bin');
const PROGRAM = join(OUT, 'respcat.cjs');

/** Every `*-worker.ts` under src/, as entry name → path. Two with one name would share a bundled file: refused. */
export function workerEntries() {
  const found = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('-worker.ts')) {
        const entry = name.slice(0, -'.ts'.length);
        if (found[entry] !== undefined) throw new Error(`bundle: two workers named ${entry}: ${relative(ROOT, found[entry])} and ${relative(ROOT, path)}`);
        found[entry] = path;
      }
    }
  };
  walk(SRC);
  return found;
}

const URL_OF_FILE = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Points every `new URL('…-worker.js', import.meta.url)` at the worker's bundled file; any other file URL is an error. */
function workerUrls(text, path, byPath, errors) {
  if (!text.includes('import.meta.url')) return text;
  return text.replace(URL_OF_FILE, (whole, quote, target) => {
    const entry = byPath.get(resolve(dirname(path), target.replace(/\.js$/, '.ts')));
    if (entry === undefined) {
      errors.push({ text: `${target}: only worker modules (src/**/*-worker.ts) can be loaded by URL from the bundle` });
      return whole;
    }
    return `new URL(${quote}./${entry}.cjs${quote}, import.meta.url)`;
  });
}

const BUILTINS = new Set(builtinModules);
const IMPORT_OF = /^import\s+(?!type\s)([^;'"]*?)\s+from\s+(['"])([^'"]+)\2;?/gm;
const BARE_IMPORT_OF = /^import\s+(['"])([^'"]+)\1;?/gm;
const isBuiltin = (name) => name.startsWith('node:') || BUILTINS.has(name);

/**
 * Node's own modules by `require` instead of `import`: an import of a built-in makes Node build an ES module
 * facade of it (every export, synced), a require does not, and a dozen of them is a tenth of start-up.
 * `import x from`, `import * as x from`, `import { a, b as c } from` and `import 'node:…'` of a built-in
 * become the same bindings from `__respcatRequire` (the banner's createRequire); type-only imports are left to esbuild.
 */
function builtinsByRequire(text) {
  if (!text.includes('import')) return text;
  return text
    .replace(IMPORT_OF, (whole, clause, _quote, name) => {
      if (!isBuiltin(name)) return whole;
      const module = `__respcatRequire(${JSON.stringify(name)})`;
      const named = /^(?:([\w$]+)\s*,\s*)?\{([^}]*)\}$/s.exec(clause.trim());
      if (named !== null) {
        const specifiers = named[2].split(',').map((part) => part.trim()).filter((part) => part !== '' && !part.startsWith('type '));
        const pattern = `{ ${specifiers.map((part) => part.replace(/\s+as\s+/, ': ')).join(', ')} }`;
        return named[1] !== undefined ? `const ${named[1]} = ${module}; const ${pattern} = ${named[1]};` : `const ${pattern} = ${module};`;
      }
      const star = /^\*\s+as\s+([\w$]+)$/.exec(clause.trim());
      if (star !== null) return `const ${star[1]} = ${module};`;
      if (/^[\w$]+$/.test(clause.trim())) return `const ${clause.trim()} = ${module};`;
      return whole;
    })
    .replace(BARE_IMPORT_OF, (whole, _quote, name) => (isBuiltin(name) ? `__respcatRequire(${JSON.stringify(name)});` : whole));
}

/**
 * Two packages load Node modules at start-up that respcat never needs there (~10 ms of its start-up,
 * issue 23). commander requires node:child_process (and with it node:net and node:dgram) for executable
 * subcommands, which respcat has none of: it is required at its first use instead. chalk's colour
 * detection (its `#supports-color`, which loads node:os and node:tty) decides a default level, and respcat
 * always passes its own (src/terminal/tty.ts): it is replaced by a module that detects nothing. fdir: below.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const LAZY_CHILD_PROCESS =
  "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };";
// fdir (tinyglobby's crawler) requires picomatch at run time, from node_modules, beside the bundle: it is
// imported instead, the copy tinyglobby already bundles.
const FDIR_PICOMATCH = '__require.resolve("picomatch");\n\tpm = __require("picomatch");';
const NO_COLOR_DETECTION = 'export default { stdout: false, stderr: false };';

function packageTrims() {
  return {
    name: 'respcat-package-trims',
    setup(context) {
      context.onResolve({ filter: /^#supports-color$/ }, (args) =>
        /[\\/]chalk[\\/]/.test(args.importer) ? { path: 'chalk-supports-color', namespace: 'respcat-trim' } : undefined,
      );
      context.onLoad({ filter: /.*/, namespace: 'respcat-trim' }, () => ({ contents: NO_COLOR_DETECTION, loader: 'js' }));
      context.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(FDIR_PICOMATCH)) return { errors: [{ text: `${args.path}: fdir no longer requires picomatch as expected` }] };
        return { contents: `import __respcatPicomatch from 'picomatch';\n${builtinsByRequire(text).replace(FDIR_PICOMATCH, 'pm = __respcatPicomatch;')}`, loader: 'js' };
      });
      context.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        // A commander that no longer has this line is a bundle to look at again, not one to ship silently.
        if (!text.includes(COMMANDER_CHILD_PROCESS)) return { errors: [{ text: `${args.path}: commander no longer requires child_process as expected` }] };
        return { contents: text.replace(COMMANDER_CHILD_PROCESS, LAZY_CHILD_PROCESS), loader: 'js' };
      });
    },
  };
}

/** The source transforms above, on respcat's sources and on the ES module packages bundled in. */
function transforms(workers) {
  const byPath = new Map(Object.entries(workers).map(([entry, path]) => [path, entry]));
  return {
    name: 'respcat-bundle-transforms',
    setup(context) {
      context.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const errors = [];
        const fromSrc = args.path.startsWith(SRC);
        // A CommonJS package requires already; only ES modules import.
        if (!fromSrc && !/^\s*(import|export)\s/m.test(text)) return undefined;
        let contents = builtinsByRequire(text);
        if (fromSrc) contents = workerUrls(contents, args.path, byPath, errors);
        if (errors.length > 0) return { errors };
        if (contents === text) return undefined;
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

/**
 * The bundle's entry, made here so it lists every worker: the program (runCli and main) and each worker
 * thread's module behind a dynamic import, which esbuild turns into code that runs only when it is asked for.
 */
function entryContents(workers) {
  const cases = Object.entries(workers)
    .map(([name, path]) => `    case ${JSON.stringify(name)}: await import(${JSON.stringify(path)}); return;`)
    .join('\n');
  return [
    `export { runCli } from ${JSON.stringify(join(SRC, 'cli', 'run-cli.ts'))};`,
    `export { main } from ${JSON.stringify(join(SRC, 'cli', 'main.ts'))};`,
    '// Runs the worker thread module `name` (a src/**/*-worker.ts file), as dist/bin/<name>.cjs asks.',
    'export async function runWorker(name: string): Promise<void> {',
    '  switch (name) {',
    cases,
    '    default: throw new Error(`respcat: no worker ${name} in the bundle`);',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The code cache each worker loads with: check's own for the check worker (its command's, see bundle-loader.cjs). */
const WORKER_CACHES = { 'check-worker': 'check' };

/** The worker's file: the bundle, loaded with its code cache as the main thread loads it, running the worker. */
const workerLoader = (name) =>
  `'use strict';\n// A worker thread of respcat (${name}), in the bundle dist/bin/respcat.cjs: scripts/bundle.mjs.\nrequire('./load.cjs').loadProgram({ cache: ${JSON.stringify(WORKER_CACHES[name] ?? 'default')} }).runWorker(${JSON.stringify(name)});\n`;

/**
 * Makes the bundle ASCII, so the loader reads it as latin1, fastest. esbuild escapes strings but keeps a
 * comment's characters as they are: each is written as a \u escape, which a comment, a string or a regular
 * expression reads as the character itself.
 */
function escapeNonAscii(text) {
  return text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The program as the one function expression the loader compiles, wrapped here as Node wraps a CommonJS
 * module (same parameters, on the first line, so line numbers are the bundle's): wrapped at each start, the
 * 1 MB source was joined into a second copy at every run, a sixth of loading it (docs/benchmarks.md).
 * Loaded only by load.cjs (scripts/bundle-loader.cjs); `require` of it would define nothing.
 */
function asFunctionExpression(text) {
  return `(function (exports, require, module, __filename, __dirname) { ${text}\n});`;
}

export async function bundle() {
  const workers = workerEntries();
  rmSync(OUT, { recursive: true, force: true });
  // One CommonJS file: V8 can cache a script's compiled code (scripts/bundle-loader.cjs), and Node 20 has
  // no such cache for ES modules. The commands and workers in it run only when they are imported.
  await build({
    stdin: { contents: entryContents(workers), resolveDir: SRC, sourcefile: 'bundle-entry.ts', loader: 'ts' },
    outfile: PROGRAM,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import.meta.url in a CommonJS bundle: the bundle's own URL (workers and package.json are found from it).
    define: { 'import.meta.url': '__respcatUrl' },
    banner: { js: "var __respcatRequire = require, __respcatUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [packageTrims(), transforms(workers)],
    // Without comments and indentation the bundle is 0.77 MB instead of 1.06: every start reads it and makes a
    // string of it, ~8 ms per MB on the benchmark machine (seed replay 2-3 ms faster, docs/benchmarks.md).
    // Names are kept (no identifier minifying): with them mangled, `check` of many captures ran slower.
    minifyWhitespace: true,
    logLevel: 'warning',
  });
  writeFileSync(PROGRAM, asFunctionExpression(escapeNonAscii(readFileSync(PROGRAM, 'utf8'))));
  copyFileSync(join(ROOT, 'scripts', 'bundle-loader.cjs'), join(OUT, 'load.cjs'));
  for (const name of Object.keys(workers)) writeFileSync(join(OUT, `${name}.cjs`), workerLoader(name));
  const cache = ['default', 'check'].map(makeCodeCache).join(', ');
  return { workers: Object.keys(workers), out: OUT, cache };
}

/**
 * A code cache: a run of scripts/code-cache.cjs in a fresh node (V8 takes a cache only under the flags it
 * was made with) replays and checks samples, then saves what V8 compiled. Its size is a trade: V8 reads the
 * whole cache at every start, so the default one is made from the runs users start most, not from every
 * command; `check`, which runs every family's code on a folder of captures, has one of its own.
 */
function makeCodeCache(name) {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'code-cache.cjs'), name], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundle: making the code cache failed:\n${result.stderr}`);
  return result.stdout.trim();
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { workers, cache } = await bundle();
  process.stdout.write(`bundle: dist/bin/respcat.cjs, load.cjs${workers.map((name) => `, ${name}.cjs`).join('')}; ${cache}\n`);
}
