import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/binary.js';
import { ROOT, SAMPLES, SEED } from '../support/samples.js';
import { curl, killServers, startServe } from './serve-support.js';

// serve sends a capture strict SSE clients cannot read reframed, says so at start, and sends every other
// capture byte for byte (docs/spec.md §9).
const hasCurl = spawnSync('curl', ['--version']).status === 0;
const seedTypes = readFileSync(SEED, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => (JSON.parse(line.slice('data: '.length)) as { type: string }).type);
beforeAll(ensureBuilt);
afterEach(killServers);
afterAll(killServers);

/** The README's openai SDK snippet, from its `respcat serve` section. */
function readmeSnippet(): { before: string; code: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### `respcat serve'), readme.indexOf('### `respcat record'));
  const start = section.indexOf('```js\n');
  expect(start, 'the serve section has a js snippet').toBeGreaterThan(-1);
  return { before: section.slice(0, start), code: section.slice(start + '```js\n'.length, section.indexOf('```', start + 5)) };
}

function runNode(code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // From the repository, so `import 'openai'` finds the dev dependency.
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ code: exit, stdout, stderr });
    });
  });
}

describe('serve reframes what strict SSE clients cannot read', () => {
  test("the README's openai SDK snippet, as written, sees all 35 events of `respcat serve samples/seed-image-gen.sse`", async () => {
    const { before, code } = readmeSnippet();
    expect(before).toContain('`respcat serve samples/seed-image-gen.sse`');
    expect(code).toContain("baseURL: 'http://127.0.0.1:8787/v1'");
    // The one change: the port this test's server was given (8787 may be taken on a shared machine).
    const server = await startServe([join('samples', 'seed-image-gen.sse'), '--port', '0']);
    const result = await runNode(code.replace('http://127.0.0.1:8787', server.url));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(seedTypes);
    expect(seedTypes).toHaveLength(35);
    expect(server.stderr()).toContain(
      'respcat: samples/seed-image-gen.sse: its events are not separated by blank lines, which strict SSE clients (the openai SDK, EventSource) cannot read: served reframed as event:/data: blocks (--no-reframe sends its bytes as they are)\n',
    );
  });

  test('a JSON-lines capture: reframed, said at start, and the SDK sees every event', async () => {
    const server = await startServe([join(SAMPLES, 'seed-json-lines.jsonl'), '--port', '0']);
    expect(server.stderr()).toMatch(/seed-json-lines\.jsonl: its events are JSON lines, not SSE, which strict SSE clients .* served reframed/);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
    const types: string[] = [];
    for await (const event of await client.responses.create({ model: 'x', input: 'x', stream: true })) types.push(event.type);
    expect(types).toEqual(seedTypes);
  });

  test.skipIf(!hasCurl)('a proper SSE capture goes out byte for byte, with nothing said', async () => {
    const crlf = join(SAMPLES, 'seed-crlf.sse');
    const server = await startServe([crlf, '--port', '0']);
    const result = await curl(['-sN', '-X', 'POST', `${server.url}/v1/responses`]);
    expect(result.code).toBe(0);
    expect(result.stdout.equals(readFileSync(crlf))).toBe(true);
    await server.stop();
    expect(server.stderr()).not.toContain('reframed');
  });

  test.skipIf(!hasCurl)('--no-reframe sends the seed as it is, with nothing said', async () => {
    const server = await startServe([SEED, '--port', '0', '--no-reframe']);
    const result = await curl(['-sN', '-X', 'POST', `${server.url}/v1/responses`]);
    expect(result.stdout.equals(readFileSync(SEED))).toBe(true);
    expect(server.stderr()).not.toContain('reframed');
  });

  test('a FILE that holds no stream: a warning at start', async () => {
    const server = await startServe([join(ROOT, 'package.json'), SEED, '--port', '0']);
    expect(server.stderr()).toContain(`respcat: ${join(ROOT, 'package.json')}: holds no stream (no event respcat can read): clients get its bytes and no event\n`);
    expect(server.stderr()).not.toMatch(/seed-image-gen\.sse: holds no stream/);
  });
});
