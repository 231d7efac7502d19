import type { Diagnostic, OmittedDiagnostics, Position } from '../core/diagnostics.js';
import type { Suppression } from '../render/check-findings.js';
import { isDiagnosticCode } from './rule-settings.js';

/** A `: respcat-ignore CODE[,CODE…]` comment line found in a capture. */
interface Directive {
  readonly codes: readonly string[];
  readonly line: number;
}

/** Collects a capture's `respcat-ignore` comment lines as the framer reports its comments. */
export interface DirectiveCollector {
  onComment(text: string, position: Position): void;
  readonly directives: readonly Directive[];
}

/** Creates an empty collector. */
export function createDirectiveCollector(): DirectiveCollector {
  const directives: Directive[] = [];
  return {
    onComment(text, position) {
      // SSE: `: text` — the comment's text after its colon, one optional space (as for fields).
      const match = /^\s*respcat-ignore(?:\s+(.*))?$/.exec(text);
      if (match === null) return;
      const codes = (match[1] ?? '').split(/[\s,]+/).filter((code) => code !== '');
      directives.push({ codes, line: position.line });
    },
    directives,
  };
}

/**
 * Silences, in one input, every finding of the codes its `respcat-ignore` comments name (docs/spec.md §5), and says
 * of each code named how many it silenced (0: unused). A code named again further down silences nothing more.
 */
export function applySuppressions(
  found: { readonly diagnostics: readonly Diagnostic[]; readonly omitted: readonly OmittedDiagnostics[] },
  directives: readonly Directive[],
): { diagnostics: Diagnostic[]; omitted: OmittedDiagnostics[]; suppressed: Suppression[] } {
  if (directives.length === 0) return { diagnostics: [...found.diagnostics], omitted: [...found.omitted], suppressed: [] };
  const suppressed: Suppression[] = [];
  const first = new Map<string, Suppression>();
  for (const directive of directives) {
    for (const code of directive.codes) {
      const entry: Suppression = { code, line: directive.line, count: 0, known: isDiagnosticCode(code) };
      suppressed.push(entry);
      if (!first.has(code)) first.set(code, entry);
    }
  }
  const diagnostics = found.diagnostics.filter((diagnostic) => {
    const entry = first.get(diagnostic.code);
    if (entry !== undefined) entry.count++;
    return entry === undefined;
  });
  const omitted = found.omitted.filter((group) => {
    const entry = first.get(group.code);
    if (entry !== undefined) entry.count += group.count;
    return entry === undefined;
  });
  return { diagnostics, omitted, suppressed };
}
