import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { findSecrets, jsonMayHoldSecret, redactSecrets, SECRET_MARKERS, type SecretKind } from '../../src/core/secrets.js';
import { PLANTED } from './planted.js';
import { chunkings } from '../support/chunkings.js';


describe('findSecrets: each shape, where it sits', () => {
  test.each(Object.entries(PLANTED))('%s is found with its exact range, and replaced by its marker', (kind, value) => {
    const text = kind === 'bearer-token' ? `Authorization: Bearer ${value}, then more` : `the key is "${value}", then more`;
    const found = findSecrets(text);
    expect(found).toEqual([{ kind, start: text.indexOf(value), end: text.indexOf(value) + value.length }]);
    const redacted = redactSecrets(text);
    expect(redacted.text).toBe(text.replace(value, SECRET_MARKERS[kind as SecretKind]));
    expect(redacted.text).not.toContain(value);
    // Markers never match again: redacting twice changes nothing.
    expect(findSecrets(redacted.text)).toEqual([]);
  });

  test('several in one text, in order and apart', () => {
    const text = `${PLANTED['openai-project-key']} and ${PLANTED['aws-access-key-id']};${PLANTED.jwt}`;
    expect(findSecrets(text).map((match) => match.kind)).toEqual(['openai-project-key', 'aws-access-key-id', 'jwt']);
  });

  test.each([
    ['prose', 'The bearer of bad news asked for a task-list and an ask-me-anything.'],
    ['a word glued before the key', `xsk-${'a'.repeat(30)}`],
    ['a short sk- word', 'sk-learn, sk-12345'],
    ['an AKIA run inside longer base64', `AAAA${PLANTED['aws-access-key-id']}BBBB`],
    ['an AIza run inside longer base64', `q${PLANTED['google-api-key']}q`],
    ['an unsigned-looking dotted eyJ with short parts', 'eyJabc.eyJdef.x'],
  ])('no false positive: %s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  test('a megabyte of random base64 (an image) holds no secret', () => {
    expect(findSecrets(randomBytes(3 << 20).toString('base64'))).toEqual([]);
  });
});

describe('secret-in-capture, the check rule', () => {
  const capture = [
    'event: response.created',
    `data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","model":"m","instructions":"use ${PLANTED['openai-project-key']} and ${PLANTED['openai-project-key']}","output":[]}}`,
    '',
    `data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"x"}`,
    `data: {"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"key ${PLANTED['aws-access-key-id']}","${PLANTED['google-api-key']}":1}`,
    '',
  ].join('\n');

  function secretFindings(bytes: readonly Uint8Array[]) {
    const processor = createProcessor();
    for (const chunk of bytes) processor.feed(chunk);
    processor.end();
    return processor.diagnostics.filter((d) => d.code === 'secret-in-capture').map((d) => ({ severity: d.severity, line: d.position.line, message: d.message }));
  }

  test('one error per kind and event, at the event\'s line; the message names the kind, never the value', () => {
    const found = secretFindings([Buffer.from(capture)]);
    expect(found).toEqual([
      { severity: 'error', line: 2, message: 'Found 2 × OpenAI project key (sk-proj-…) in this event (kind openai-project-key); respcat redact replaces it with a marker' },
      { severity: 'error', line: 5, message: 'Found a Google API key (AIza…) in this event (kind google-api-key); respcat redact replaces it with a marker' },
      { severity: 'error', line: 5, message: 'Found an AWS access key id (AKIA…) in this event (kind aws-access-key-id); respcat redact replaces it with a marker' },
    ]);
    for (const { message } of found) for (const value of Object.values(PLANTED)) expect(message).not.toContain(value);
  });

  test('a key spelled with JSON escapes (\\u0073k-…, \\u0041KIA…) is found: the whole-payload test lets escaped payloads through', () => {
    const escape = (value: string, at: number): string => `${value.slice(0, at)}\\u${value.charCodeAt(at).toString(16).padStart(4, '0')}${value.slice(at + 1)}`;
    const lines = [
      `data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"${escape(PLANTED['openai-project-key'], 0)}"}`,
      `data: {"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"${escape(PLANTED['aws-access-key-id'], 1)}"}`,
      `data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"no key \\u00e9 here, bearer of news"}`,
      '',
    ];
    expect(JSON.parse(lines[0]?.slice(6) ?? '').delta).toBe(PLANTED['openai-project-key']);
    expect(secretFindings([Buffer.from(lines.join('\n'))]).map(({ line, message }) => [line, message.replace(/ in this event.*/, '')])).toEqual([
      [1, 'Found an OpenAI project key (sk-proj-…)'],
      [2, 'Found an AWS access key id (AKIA…)'],
    ]);
  });

  test('jsonMayHoldSecret never says no to a payload one of whose decoded strings holds a secret', () => {
    const pieces = ['sk-', 'AIza', 'AKIA', 'eyJ', 'earer', 'x', ' ', '-', '_', 'a', 'K', 'I', 'A', 'é', '"', '\\'];
    for (let round = 0; round < 2000; round++) {
      let value = '';
      for (let n = Math.floor(Math.random() * 12); n > 0; n--) value += pieces[Math.floor(Math.random() * pieces.length)];
      // Each character may be escaped in its JSON text, as a serializer might.
      const text = [...JSON.stringify(value)].map((ch, i, all) => (i > 0 && i < all.length - 1 && /[A-Za-z-]/.test(ch) && Math.random() < 0.3 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
      expect(JSON.parse(text)).toBe(value);
      if (/sk-|AIza|A[KSBC][IC]A|eyJ|earer/.test(value)) expect(jsonMayHoldSecret(`{"k":${text}}`)).toBe(true);
    }
  });

  test('the same findings however the bytes are split', () => {
    const whole = secretFindings([Buffer.from(capture)]);
    for (const { chunks } of chunkings(Buffer.from(capture))) expect(secretFindings(chunks)).toEqual(whole);
  });
});
