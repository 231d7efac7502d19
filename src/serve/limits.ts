/** Request bodies are read up to this size by default (JSON requests are far smaller). */
export const DEFAULT_MAX_BODY = 1 << 20;

/**
 * Connections served at once by default: each may hold a request body of up to `--max-body` and a chunk
 * of the stream in flight, so 64 bound serve's memory near 64 × 1 MiB; the next gets a 503.
 */
export const DEFAULT_MAX_CONNECTIONS = 64;
