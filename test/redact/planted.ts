import type { SecretKind } from '../../src/core/secrets.js';

/** Planted values: made-up keys in each shape (none is a real credential). */
export const PLANTED: Readonly<Record<SecretKind, string>> = {
  'openai-api-key': 'sk-EXAMPLEexampleEXAMPLEexampleEXAMPLEexample0000',
  'openai-project-key': 'sk-proj-EXAMPLE_example-EXAMPLEexampleEXAMPLE0001',
  'anthropic-api-key': 'sk-ant-api03-EXAMPLEexampleEXAMPLEexampleEXAMPLE-0002',
  'google-api-key': 'AIzaSyEXAMPLEexampleEXAMPLEexample00003',
  'aws-access-key-id': 'AKIAEXAMPLE000000004',
  'bearer-token': 'opaqueTOKEN.example-0005_abcdef',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJlLWV4YW1wbGU',
};
