import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { DiagnosticCode } from '../core/diagnostics.js';
import { describeFsError } from '../input/fs-errors.js';
import { CHECK_FORMATS, type CheckFormat } from './check-formats.js';
import { UsageError } from './errors.js';
import { isDiagnosticCode, isRuleSetting, RULE_SETTINGS, unknownCodesError, type RuleSetting, type RuleSettings } from './rule-settings.js';

/** The file names a config is looked for under, in each folder from the working folder up. */
export const CONFIG_FILE = 'respcat.config.json';

/** `respcat check`'s settings from a config file (docs/spec.md §5), validated. */
export interface CheckConfig {
  /** Where it was read from (`package.json` when from its `"respcat"` key). */
  readonly path: string;
  readonly format?: CheckFormat;
  readonly strict?: boolean;
  /** `--max-gap` and `--max-ttft` defaults, in ms. */
  readonly maxGap?: number;
  readonly maxTtft?: number;
  /** The rules each file is checked with: `rules`, then each override whose `files` match it, in order (null, stdin: `rules` alone). */
  settingsFor(file: string | null): RuleSettings;
  /** Whether a file a folder or glob found is left out (`ignore`). */
  ignored(file: string): boolean;
}

const KEYS = ['$schema', 'rules', 'overrides', 'ignore', 'format', 'strict', 'maxGap', 'maxTtft'] as const;

/**
 * The config `check` runs with: `--config FILE` when given, none with `--no-config`, else the first
 * `respcat.config.json`, or package.json with a `"respcat"` key, in the working folder or a folder above it.
 * A config that cannot be read or holds an unknown key, code or value is a usage error naming the file and key.
 */
export function loadCheckConfig(choice: string | false | undefined, cwd: string): CheckConfig | null {
  if (choice === false) return null;
  if (choice !== undefined) return readConfig(resolve(cwd, choice), choice);
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    const own = join(folder, CONFIG_FILE);
    if (existsSync(own)) return readConfig(own, relativeName(cwd, own));
    const pkg = join(folder, 'package.json');
    if (existsSync(pkg)) {
      const config = readConfig(pkg, relativeName(cwd, pkg), true);
      if (config !== null) return config;
    }
    if (dirname(folder) === folder) return null;
  }
}

function relativeName(cwd: string, path: string): string {
  const name = relative(cwd, path);
  return name.startsWith('..') || name === '' ? path : name;
}

function readConfig(path: string, name: string, optional = false): CheckConfig | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${name}: cannot read the config file: ${describeFsError(error, 'read')}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: the config file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const inPackage = basename(path) === 'package.json';
  if (inPackage) {
    const own = isObject(json) ? json.respcat : undefined;
    if (own === undefined) {
      if (optional) return null;
      throw new UsageError(`${name}: no "respcat" key`);
    }
    return validate(own, path, `${name}: respcat`);
  }
  return validate(json, path, name);
}

function validate(json: unknown, path: string, where: string): CheckConfig {
  if (!isObject(json)) throw new UsageError(`${where}: expected an object`);
  for (const key of Object.keys(json)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`${where}: unknown key ${JSON.stringify(key)} (the keys are ${KEYS.join(', ')})`);
  }
  const folder = dirname(path);
  const rules = readRules(json.rules, `${where}: rules`);
  const overrides = readOverrides(json.overrides, `${where}: overrides`);
  const ignore = json.ignore === undefined ? null : matcher(readGlobs(json.ignore, `${where}: ignore`));
  if (json.format !== undefined && !(CHECK_FORMATS as readonly unknown[]).includes(json.format)) {
    throw new UsageError(`${where}: format: expected one of ${CHECK_FORMATS.join(', ')}, got ${JSON.stringify(json.format)}`);
  }
  for (const key of ['maxGap', 'maxTtft'] as const) {
    const value = json[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new UsageError(`${where}: ${key}: expected a number of milliseconds, 0 or more, got ${JSON.stringify(value)}`);
    }
  }
  if (json.strict !== undefined && typeof json.strict !== 'boolean') throw new UsageError(`${where}: strict: expected true or false, got ${JSON.stringify(json.strict)}`);
  // Globs are relative to the config's own folder, whichever folder respcat runs in.
  const relativePath = (file: string): string => relative(folder, resolve(file)).split(sep).join('/');
  return {
    path,
    ...(json.format !== undefined ? { format: json.format as CheckFormat } : {}),
    ...(json.strict !== undefined ? { strict: json.strict } : {}),
    ...(typeof json.maxGap === 'number' ? { maxGap: json.maxGap } : {}),
    ...(typeof json.maxTtft === 'number' ? { maxTtft: json.maxTtft } : {}),
    settingsFor(file) {
      const settings = new Map(rules);
      if (file === null) return settings;
      const at = relativePath(file);
      for (const override of overrides) if (override.matches(at)) for (const [code, setting] of override.rules) settings.set(code, setting);
      return settings;
    },
    ignored: (file) => ignore?.(relativePath(file)) ?? false,
  };
}

function readRules(value: unknown, where: string): Map<DiagnosticCode, RuleSetting> {
  const rules = new Map<DiagnosticCode, RuleSetting>();
  if (value === undefined) return rules;
  if (!isObject(value)) throw new UsageError(`${where}: expected an object of CODE: ${RULE_SETTINGS.join('|')}`);
  const unknown = Object.keys(value).filter((code) => !isDiagnosticCode(code));
  if (unknown.length > 0) throw unknownCodesError(where, unknown);
  for (const [code, setting] of Object.entries(value)) {
    if (!isRuleSetting(setting)) throw new UsageError(`${where}: ${code}: expected one of ${RULE_SETTINGS.join(', ')}, got ${JSON.stringify(setting)}`);
    rules.set(code as DiagnosticCode, setting);
  }
  return rules;
}

function readOverrides(value: unknown, where: string): { matches(path: string): boolean; rules: Map<DiagnosticCode, RuleSetting> }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UsageError(`${where}: expected an array of {files, rules}`);
  return value.map((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isObject(entry)) throw new UsageError(`${at}: expected an object {files, rules}`);
    for (const key of Object.keys(entry)) if (key !== 'files' && key !== 'rules') throw new UsageError(`${at}: unknown key ${JSON.stringify(key)} (the keys are files, rules)`);
    if (entry.files === undefined) throw new UsageError(`${at}: files: missing (the globs the override applies to)`);
    return { matches: matcher(readGlobs(entry.files, `${at}: files`)), rules: readRules(entry.rules, `${at}: rules`) };
  });
}

function readGlobs(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((glob) => typeof glob === 'string' && glob !== '')) {
    throw new UsageError(`${where}: expected a non-empty array of globs`);
  }
  return value as string[];
}

function matcher(globs: readonly string[]): (path: string) => boolean {
  // A folder's name alone (`fixtures/legacy`) means everything under it, as .gitignore reads it.
  const patterns = globs.flatMap((glob) => (picomatch.scan(glob).isGlob ? [glob] : [glob.replace(/\/+$/, ''), `${glob.replace(/\/+$/, '')}/**`]));
  return picomatch(patterns, { dot: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
