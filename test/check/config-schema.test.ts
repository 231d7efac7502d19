import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { RULE_SETTINGS } from '../../src/commands/rule-settings.js';
import { CHECK_FORMATS } from '../../src/commands/check-formats.js';
import { ROOT } from '../support/samples.js';

type Schema = {
  properties: Record<string, { enum?: unknown[] }>;
  definitions: { rules: { propertyNames: { enum: string[] }; additionalProperties: { enum: string[] } } };
};

test('the shipped JSON schema of respcat.config.json names every finding code, setting, format and key respcat reads', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'respcat.config.schema.json'), 'utf8')) as Schema;
  expect(schema.definitions.rules.propertyNames.enum).toEqual(DIAGNOSTIC_CODES);
  expect(schema.definitions.rules.additionalProperties.enum).toEqual(RULE_SETTINGS);
  expect(schema.properties.format?.enum).toEqual(CHECK_FORMATS);
  expect(Object.keys(schema.properties)).toEqual(['$schema', 'rules', 'overrides', 'ignore', 'format', 'strict', 'maxGap', 'maxTtft']);
});
