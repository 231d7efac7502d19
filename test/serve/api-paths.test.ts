import { describe, expect, test } from 'vitest';
import { geminiFraming, matchApiPath } from '../../src/serve/api-paths.js';
import { API_PATHS } from '../../src/serve/server.js';

describe('which API path a request is', () => {
  test.each<[string, { template: string; model: string | null } | null]>([
    ['/v1/responses', { template: '/v1/responses', model: null }],
    ['/v1beta/models/gemini-2.5-flash:streamGenerateContent', { template: '/v1beta/models/{model}:streamGenerateContent', model: 'gemini-2.5-flash' }],
    ['/v1beta/models/tuned%20model:streamGenerateContent', { template: '/v1beta/models/{model}:streamGenerateContent', model: 'tuned model' }],
    ['/v1beta/models/bad%E0:streamGenerateContent', { template: '/v1beta/models/{model}:streamGenerateContent', model: 'bad%E0' }],
    ['/v1beta/models/:streamGenerateContent', null],
    ['/v1beta/models/a/b:streamGenerateContent', null],
    ['/v1beta/models/gemini-2.5-flash:generateContent', null],
    ['/v1/models', null],
  ])('%s', (path, expected) => {
    expect(matchApiPath(API_PATHS, path)).toEqual(expected);
  });

  test.each<[string, 'sse' | 'json-array']>([
    ['/v1beta/models/m:streamGenerateContent?alt=sse', 'sse'],
    ['/v1beta/models/m:streamGenerateContent?key=k&alt=sse', 'sse'],
    ['/v1beta/models/m:streamGenerateContent', 'json-array'],
    ['/v1beta/models/m:streamGenerateContent?alt=json', 'json-array'],
    ['/v1beta/models/m:streamGenerateContent?alt=SSE', 'json-array'],
  ])('the framing %s asks for', (url, framing) => {
    expect(geminiFraming(url)).toBe(framing);
  });
});
