export { createFinalImageRule } from './final-image.js';
export { familiesByName, type EndOfInput, type EventRecord, type ForeignPayloads, type Report, type Rule } from './rule.js';
export { createEmptyStreamRule, createOutcomeRule, createTerminalRule } from './lifecycle.js';
export { createSecretRule } from './secret-in-capture.js';
export { createTextMismatchRule } from './text-mismatch.js';
export { createUnsupportedStreamRule } from './unsupported-stream.js';
