import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type OmittedDiagnostics, type Severity } from '../core/diagnostics.js';
import { UsageError } from './errors.js';

/** What a rule is set to: a severity its findings take instead of their own, or `off` (no finding of it). */
export type RuleSetting = Severity | 'off';

/** The settings `--severity`, `--ignore` and a config file's `rules` give, by code. */
export type RuleSettings = ReadonlyMap<DiagnosticCode, RuleSetting>;

/** Every setting a rule takes. */
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

const CODES: ReadonlySet<string> = new Set(DIAGNOSTIC_CODES);

/** Whether `code` is one of docs/spec.md §5's finding codes. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return CODES.has(code);
}

/**
 * The usage error for codes that are none of docs/spec.md §5, naming each (and the nearest real code, for a typo):
 * `--ignore: unknown finding code "invalid-imag" (did you mean invalid-image?)`.
 */
export function unknownCodesError(where: string, codes: readonly string[]): UsageError {
  const named = codes.map((code) => {
    const near = nearestCode(code);
    return `${JSON.stringify(code)}${near !== null ? ` (did you mean ${near}?)` : ''}`;
  });
  return new UsageError(`${where}: unknown finding code${codes.length === 1 ? '' : 's'} ${named.join(', ')}; the codes are listed in docs/spec.md §5`);
}

/** `--ignore CODE[,CODE…]` (repeatable): each code set to off. Unknown codes are a usage error naming them. */
export function parseIgnore(values: readonly string[]): RuleSettings {
  const codes = values.flatMap((value) => value.split(',')).map((code) => code.trim()).filter((code) => code !== '');
  const unknown = codes.filter((code) => !isDiagnosticCode(code));
  if (unknown.length > 0) throw unknownCodesError('--ignore', unknown);
  return new Map(codes.map((code) => [code as DiagnosticCode, 'off' as const]));
}

/** `--severity CODE=error|warning|info|off` (repeatable; the last one for a code wins). */
export function parseSeverity(values: readonly string[]): RuleSettings {
  const settings = new Map<DiagnosticCode, RuleSetting>();
  const unknown: string[] = [];
  for (const value of values) {
    const match = /^([^=]+)=(.*)$/.exec(value);
    if (match === null) throw new UsageError(`--severity: expected CODE=${RULE_SETTINGS.join('|')}, got ${JSON.stringify(value)}`);
    const code = (match[1] as string).trim();
    const setting = (match[2] as string).trim();
    if (!isRuleSetting(setting)) throw new UsageError(`--severity ${code}: expected one of ${RULE_SETTINGS.join(', ')}, got ${JSON.stringify(setting)}`);
    if (isDiagnosticCode(code)) settings.set(code, setting);
    else unknown.push(code);
  }
  if (unknown.length > 0) throw unknownCodesError('--severity', unknown);
  return settings;
}

/** Whether `value` is a rule setting. */
export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}

/** Settings laid over each other: a later one wins for the codes it names. */
export function layerSettings(...layers: readonly RuleSettings[]): RuleSettings {
  const merged = new Map<DiagnosticCode, RuleSetting>();
  for (const layer of layers) for (const [code, setting] of layer) merged.set(code, setting);
  return merged;
}

/** One input's findings with the settings applied: codes set to off dropped, the others given the severity set. */
export function applySettings(
  found: { readonly diagnostics: readonly Diagnostic[]; readonly omitted?: readonly OmittedDiagnostics[] | undefined },
  settings: RuleSettings,
): { diagnostics: Diagnostic[]; omitted: OmittedDiagnostics[] } {
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of found.diagnostics) {
    const setting = settings.get(diagnostic.code);
    if (setting === 'off') continue;
    diagnostics.push(setting === undefined || setting === diagnostic.severity ? diagnostic : { ...diagnostic, severity: setting });
  }
  const omitted: OmittedDiagnostics[] = [];
  for (const group of found.omitted ?? []) {
    const setting = settings.get(group.code);
    if (setting === 'off') continue;
    omitted.push(setting === undefined ? group : { ...group, severity: setting });
  }
  return { diagnostics, omitted };
}

function nearestCode(code: string): DiagnosticCode | null {
  let best: DiagnosticCode | null = null;
  let bestDistance = Math.max(3, Math.floor(code.length / 3)) + 1;
  for (const candidate of DIAGNOSTIC_CODES) {
    const distance = editDistance(code.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
