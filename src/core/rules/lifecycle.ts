import { quote } from '../diagnostics.js';
import type { Rule } from './rule.js';

/** `empty-stream`: no event at all in the input. */
export function createEmptyStreamRule(): Rule {
  return {
    codes: ['empty-stream'],
    onEnd(end, report) {
      if (end.events === 0 && !end.httpError) report('empty-stream', 'No event found in the input', { line: 1, byte: 0 });
    },
  };
}

/** `response-failed`, `response-incomplete` and `error-event`: the stream says it went wrong. */
export function createOutcomeRule(): Rule {
  return {
    codes: ['response-failed', 'response-incomplete', 'error-event'],
    onEvent({ event, position, response }, report) {
      if (event.type === 'error') {
        const code = event.code !== null ? `${event.code}: ` : '';
        report('error-event', `Error event: ${code}${quote(event.message, 80)}`, position);
      } else if (event.type === 'response.failed') {
        const error = response?.error;
        const detail = error ? `${error.code ?? 'error'}: ${quote(error.message, 80)}` : 'no error given';
        report('response-failed', `Response failed (${detail})`, position);
      } else if (event.type === 'response.incomplete') {
        report('response-incomplete', `Response incomplete (reason ${quote(response?.incompleteReason ?? 'not given')})`, position);
      }
    },
    onUpdate(update, report) {
      // Chat streams have no terminal event: a length/content_filter finish, or [DONE] too early, is incomplete.
      if (update.kind !== 'response-end') return;
      const { response } = update;
      if (response.family === 'chat' && response.status === 'incomplete' && response.terminal !== null) {
        // The reason is respcat's own words (a finish_reason, which choices), never long: quoted whole.
        report('response-incomplete', `Response incomplete (reason ${quote(response.incompleteReason ?? 'not given', 80)})`, response.terminal.position);
      }
    },
  };
}

/** `missing-terminal-event`: the input ends before a response reached its end. */
export function createTerminalRule(): Rule {
  return {
    codes: ['missing-terminal-event'],
    onEnd(end, report) {
      for (const response of end.responses) {
        if (response.terminal !== null) continue;
        const expected =
          response.family === 'chat'
            ? 'a finish_reason on every choice or [DONE]'
            : response.family === 'images'
              ? 'a .completed image event'
              : 'response.completed, .failed or .incomplete';
        const where = end.cutMidLine ? `the input is cut off in the middle of line ${end.lastLine.line}` : 'the input ends';
        const id = response.id !== null ? ` ${response.id}` : '';
        report('missing-terminal-event', `Response${id} never finished: ${where} before ${expected}`, end.lastLine);
      }
    },
  };
}
