#!/usr/bin/env node
// The second half of `npm run build` (after tsc): bundles the command-line program with esbuild into
// dist/bin/, which bin/respcat.js runs. Loading a few bundled files instead of some two hundred modules (and
// their packages) is most of respcat's start-up time (issue 23). tsc's dist/ stays as it is: the library
// (`import … from 'respcat'`, with its .d.ts) and dist/cli/entry.js, the same program unbundled.
//
// Entry points: src/cli/entry.ts as dist/bin/respcat.js, and every worker thread's module
// (src/**/*-worker.ts) as dist/bin/<name>.js, each its own entry so a Worker can load it. Code shared by
// the entry points and by the commands the CLI imports when they run (dynamic import) is split into
// chunks beside them. Everything lands in one folder, so `new URL('./x-worker.js', import.meta.url)`
// resolves from any bundled file; a worker loaded from another folder ('../images/x-worker.js') is
// rewritten to its bundled name, and one that is not an entry point fails the build.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
export const OUT = join(ROOT, 'dist', 'bin');

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
    return `new URL(${quote}./${entry}.js${quote}, import.meta.url)`;
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

export async function bundle() {
  const workers = workerEntries();
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entryPoints: { respcat: join(SRC, 'cli', 'entry.ts'), ...workers },
    outdir: OUT,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The CommonJS packages bundled in (commander, pngjs, picomatch) require Node's modules: give them a require.
    // __respcatRequire for the built-ins respcat's own modules and the ES module packages import (a module may
    // declare a `require` of its own).
    banner: { js: "import { createRequire as __respcatCreateRequire } from 'node:module'; const require = __respcatCreateRequire(import.meta.url), __respcatRequire = require;" },
    plugins: [transforms(workers)],
    logLevel: 'warning',
  });
  return { workers: Object.keys(workers), out: OUT };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { workers } = await bundle();
  process.stdout.write(`bundle: dist/bin/respcat.js${workers.map((name) => `, dist/bin/${name}.js`).join('')}\n`);
}
