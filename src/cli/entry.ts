import { runCli } from './run-cli.js';

// The program unbundled (tsc's dist/cli/entry.js). bin/respcat.js runs the same runCli from the bundle
// scripts/bundle.mjs builds (dist/bin/respcat.cjs), which loads faster.
await runCli();
