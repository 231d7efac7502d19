/** The severity each code carries (SPEC §5). */
export const SEVERITY = {
    'empty-stream': 'error',
    'invalid-json': 'error',
    'invalid-utf8': 'error',
    'unrecognized-line': 'warning',
    'missing-type': 'error',
    'unknown-event': 'info',
    'http-error': 'error',
    'sequence-gap': 'error',
    'sequence-order': 'error',
    'missing-terminal-event': 'error',
    'response-failed': 'error',
    'response-incomplete': 'error',
    'error-event': 'error',
    'text-mismatch': 'error',
    'output-mismatch': 'warning',
    'invalid-image': 'error',
    'image-format-mismatch': 'warning',
    'image-size-mismatch': 'warning',
    'missing-final-image': 'error',
};
/** Every code, in the order of SPEC §5 (reports list rules in this order). */
export const DIAGNOSTIC_CODES = Object.keys(SEVERITY);
/** Codes that make `replay` and `inspect` exit 1 (SPEC §6): the stream itself is broken or unfinished. */
export const STREAM_FAILURE_CODES = new Set([
    'empty-stream',
    'invalid-json',
    'invalid-utf8',
    'missing-type',
    'http-error',
    'missing-terminal-event',
    'response-failed',
    'response-incomplete',
    'error-event',
]);
/** Builds a diagnostic with the severity its code carries. */
export function createDiagnostic(code, message, position) {
    return { code, severity: SEVERITY[code], message, position };
}
/** Quotes a value for a message, cut to about 40 characters so a multi-MB line never floods a report. */
export function quote(value, max = 40) {
    const cut = value.length > max ? `${value.slice(0, max)}…` : value;
    return JSON.stringify(cut);
}
