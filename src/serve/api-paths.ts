/** What a request path asks of `respcat serve`: which of the API paths it is, and the model a `{model}` path names. */
export interface ApiPathMatch {
  /** The path as the families list it (`/v1beta/models/{model}:streamGenerateContent`). */
  readonly template: string;
  /** The `{model}` segment, decoded; null for a path without one. */
  readonly model: string | null;
}

/**
 * Which of `templates` a request path is: an exact path, or one with a `{model}` segment (Gemini names the model
 * in the path: `/v1beta/models/gemini-2.5-flash:streamGenerateContent`). Null when it is none of them.
 */
export function matchApiPath(templates: readonly string[], path: string): ApiPathMatch | null {
  for (const template of templates) {
    if (template === path) return { template, model: null };
    const at = template.indexOf('{model}');
    if (at === -1) continue;
    const before = template.slice(0, at);
    const after = template.slice(at + '{model}'.length);
    if (!path.startsWith(before) || !path.endsWith(after) || path.length <= before.length + after.length) continue;
    const segment = path.slice(before.length, path.length - after.length);
    if (segment.includes('/')) continue;
    try {
      return { template, model: decodeURIComponent(segment) };
    } catch {
      return { template, model: segment };
    }
  }
  return null;
}

/** The framing a Gemini path's answer takes: SSE when the query says `alt=sse`, else the default streamed JSON array. */
export function geminiFraming(url: string | undefined): 'sse' | 'json-array' {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  if (query === -1) return 'json-array';
  return new URLSearchParams(raw.slice(query + 1)).get('alt') === 'sse' ? 'sse' : 'json-array';
}
