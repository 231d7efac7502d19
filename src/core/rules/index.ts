import { createFinalImageRule } from './final-image.js';
import { createEmptyStreamRule, createOutcomeRule, createTerminalRule } from './lifecycle.js';
import { createOutputMismatchRule } from './output-mismatch.js';
import type { Rule } from './rule.js';
import { createSecretRule } from './secret-in-capture.js';
import { createSequenceRule } from './sequence.js';
import { createTextMismatchRule } from './text-mismatch.js';

export type { EndOfInput, EventRecord, Report, Rule } from './rule.js';
export {
  createEmptyStreamRule,
  createFinalImageRule,
  createOutcomeRule,
  createOutputMismatchRule,
  createSecretRule,
  createSequenceRule,
  createTerminalRule,
  createTextMismatchRule,
};

/** A fresh instance of every stream rule (rules keep per-input state). */
export function createRules(): Rule[] {
  return [
    createEmptyStreamRule(),
    createSequenceRule(),
    createTerminalRule(),
    createOutcomeRule(),
    createTextMismatchRule(),
    createOutputMismatchRule(),
    createFinalImageRule(),
    createSecretRule(),
  ];
}
