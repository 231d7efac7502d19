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

/** Points every `new URL('…-worker.js', import.meta.url)` at the worker's bundled file; any other file URL fails the build. */
function workerUrls(workers) {
  const byPath = new Map(Object.entries(workers).map(([entry, path]) => [path, entry]));
  return {
    name: 'respcat-worker-urls',
    setup(context) {
      context.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const errors = [];
        const contents = text.replace(URL_OF_FILE, (whole, quote, target) => {
          const source = resolve(dirname(args.path), target.replace(/\.js$/, '.ts'));
          const entry = byPath.get(source);
          if (entry === undefined) {
            errors.push({ text: `${target}: only worker modules (src/**/*-worker.ts) can be loaded by URL from the bundle` });
            return whole;
          }
          return `new URL(${quote}./${entry}.js${quote}, import.meta.url)`;
        });
        return errors.length > 0 ? { errors } : { contents, loader: 'ts' };
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
    banner: { js: "import { createRequire as __respcatRequire } from 'node:module'; const require = __respcatRequire(import.meta.url);" },
    plugins: [workerUrls(workers)],
    logLevel: 'warning',
  });
  return { workers: Object.keys(workers), out: OUT };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { workers } = await bundle();
  process.stdout.write(`bundle: dist/bin/respcat.js${workers.map((name) => `, dist/bin/${name}.js`).join('')}\n`);
}
