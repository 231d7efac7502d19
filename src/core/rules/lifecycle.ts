import type { StreamFamily } from '../family.js';
import { familiesByName, type Rule } from './rule.js';

/** `empty-stream`: no event at all in the input. */
export function createEmptyStreamRule(): Rule {
  return {
    codes: ['empty-stream'],
    onEnd(end, report) {
      if (end.events === 0 && !end.httpError) report('empty-stream', 'No event found in the input', { line: 1, byte: 0 });
    },
  };
}

/** `missing-terminal-event`: the input ends before a response reached its end (what would have ended it: its family says). */
export function createTerminalRule(families: readonly StreamFamily[]): Rule {
  const byName = familiesByName(families);
  return {
    codes: ['missing-terminal-event'],
    onEnd(end, report) {
      for (const response of end.responses) {
        if (response.terminal !== null) continue;
        const expected = byName.get(response.family)?.expectedEnd ?? 'its terminal event';
        const where = end.cutMidLine ? `the input is cut off in the middle of line ${end.lastLine.line}` : 'the input ends';
        const id = response.id !== null ? ` ${response.id}` : '';
        report('missing-terminal-event', `Response${id} never finished: ${where} before ${expected}`, end.lastLine);
      }
    },
  };
}

/**
 * `response-failed`, `response-incomplete` and `error-event`: the stream says it went wrong. Each family says
 * which of its events do (an error event, a failed or incomplete terminal event), and, where no event says it,
 * which ended responses did (a chat stream cut short by `length` or `[DONE]`).
 */
export function createOutcomeRule(families: readonly StreamFamily[]): Rule {
  const byName = familiesByName(families);
  return {
    codes: ['response-failed', 'response-incomplete', 'error-event'],
    onEvent({ family, event, position, response }, report) {
      const finding = family?.outcomeOf?.(event, response) ?? null;
      if (finding !== null) report(finding.code, finding.message, position);
    },
    onUpdate(update, report) {
      if (update.kind !== 'response-end') return;
      const { response } = update;
      const finding = byName.get(response.family)?.outcomeAtEnd?.(response) ?? null;
      if (finding !== null) report(finding.code, finding.message, response.terminal?.position ?? response.position);
    },
  };
}
