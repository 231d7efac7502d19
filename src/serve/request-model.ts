/** The `model` of a JSON request body, if it names one. */
export function requestedModel(body: Buffer): string | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    const model = value !== null && typeof value === 'object' ? (value as { model?: unknown }).model : undefined;
    return typeof model === 'string' ? model : null;
  } catch {
    // A multipart upload (images/edits) or no body at all: no model to match.
    return null;
  }
}
