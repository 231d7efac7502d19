/** Request bodies are read up to this size by default (JSON requests are far smaller). */
export const DEFAULT_MAX_BODY = 1 << 20;
