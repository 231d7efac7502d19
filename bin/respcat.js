#!/usr/bin/env node
'use strict';
// The bundled program (`npm run build`: tsc, then scripts/bundle.mjs), loaded with its code cache: one file
// to load instead of some two hundred modules, so respcat starts fast. Its source is src/cli/run-cli.ts.
// CommonJS (bin/package.json): an ES module entry would load Node's ES module loader for nothing. `check`
// has a code cache of its own (scripts/bundle-loader.cjs).
require('../dist/bin/load.cjs')
  .loadProgram({ cache: process.argv[2] === 'check' ? 'check' : 'default' })
  .runCli();
