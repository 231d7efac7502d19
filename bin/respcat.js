#!/usr/bin/env node
// The bundled program (`npm run build`: tsc, then scripts/bundle.mjs): a few files to load instead of
// some two hundred modules, so respcat starts fast. Its source is src/cli/entry.ts.
import '../dist/bin/respcat.js';
