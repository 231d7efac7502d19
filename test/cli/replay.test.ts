import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { listSamples, ROOT, SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-replay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(work, `out-${++dirs}`);

const seedText = readFileSync(SEED, 'utf8');
const ITEM = 'ig_684eb119786c81a19939e1cb5384033f0c3243c98c3d50bb';
const MESSAGE = 'Here is a single black line in a perfect circle. Let me know if you need any modifications.';

/** Base64 payloads read straight from the capture text, independently of respcat's parser. */
function b64(field: string, nth = 0): Buffer {
  const matches = [...seedText.matchAll(new RegExp(`"${field}":"([A-Za-z0-9+/=]+)"`, 'g'))];
  const match = matches[nth];
  if (match?.[1] === undefined) throw new Error(`no ${field} #${nth} in the seed`);
  return Buffer.from(match[1], 'base64');
}

describe('replay of the seed capture', () => {
  test('prints exactly the message text with one trailing newline and writes the three images byte for byte', async () => {
    const dir = freshDir();
    const { code, stdout, stderr } = await runCli(['replay', SEED, '--out-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${MESSAGE}\n`);
    expect(readdirSync(dir).sort()).toEqual([`${ITEM}.partial-0.gif`, `${ITEM}.partial-1.png`, `${ITEM}.png`]);
    const gif = readFileSync(join(dir, `${ITEM}.partial-0.gif`));
    expect(gif).toEqual(b64('partial_image_b64', 0));
    expect(gif.length).toBe(14);
    expect(readFileSync(join(dir, `${ITEM}.partial-1.png`))).toEqual(b64('partial_image_b64', 1));
    // The final image is only in response.completed: output_item.done carries "result":"".
    expect(readFileSync(join(dir, `${ITEM}.png`))).toEqual(b64('result', 0));
    expect(stderr).toMatch(/partial-0\.gif .*invalid, kept raw: GIF ends before its trailer/);
    expect(stderr).toMatch(/completed · gpt-4\.1-mini-2025-04-14 · 3902 in \(0 cached\) \/ 46 out \(0 reasoning\) tokens · 3 images/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test.each(['seed-crlf.sse', 'seed-curl-i.sse', 'seed-json-lines.jsonl', 'seed-lone-cr.sse', 'seed-multiline-data.sse'])(
    'the seed re-framed as %s gives the same stdout and image bytes',
    async (sample) => {
      const reference = freshDir();
      const dir = freshDir();
      await runCli(['replay', SEED, '--out-dir', reference]);
      const { code, stdout } = await runCli(['replay', join(ROOT, 'samples', sample), '--out-dir', dir]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${MESSAGE}\n`);
      const names = readdirSync(reference).sort();
      expect(readdirSync(dir).sort()).toEqual(names);
      for (const name of names) expect(readFileSync(join(dir, name)), name).toEqual(readFileSync(join(reference, name)));
    },
  );

  test('reads stdin with - and with no file, and gzip transparently', async () => {
    const gz = join(work, 'seed.sse.gz');
    writeFileSync(gz, gzipSync(readFileSync(SEED)));
    for (const argv of [['replay', '-'], ['replay'], ['replay', gz]]) {
      const { code, stdout } = await runCli([...argv, '--no-images'], { stdin: readFileSync(SEED) });
      expect(code, argv.join(' ')).toBe(0);
      expect(stdout).toBe(`${MESSAGE}\n`);
    }
    const piped = await runCli(['replay', '--no-images'], { stdin: gzipSync(readFileSync(SEED)) });
    expect(piped.stdout).toBe(`${MESSAGE}\n`);
  });

  test('--no-images writes nothing, -q prints no summary, --json prints normalized NDJSON events', async () => {
    const dir = freshDir();
    const quiet = await runCli(['replay', SEED, '--no-images', '-q', '--out-dir', dir]);
    expect(quiet.code).toBe(0);
    expect(() => readdirSync(dir)).toThrow();
    expect(quiet.stderr).not.toMatch(/completed/);
    const json = await runCli(['replay', SEED, '--json', '--no-images']);
    const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { line: number; event: { type: string } });
    expect(lines).toHaveLength(35);
    expect(lines[0]).toMatchObject({ line: 1, event: { type: 'response.created' } });
    expect(lines[34]).toMatchObject({ line: 35, event: { type: 'response.completed' } });
  });
});

describe('exit codes and one-line errors (docs/spec.md §6)', () => {
  test.each([
    ['a missing file', ['replay', '/nonexistent/capture.sse'], 3, /^respcat: \/nonexistent\/capture\.sse: no such file\n$/],
    ['an unknown option', ['replay', '--bogus'], 2, /^respcat: unknown option '--bogus' \(see 'respcat replay --help'\)\n$/],
    ['a bad --delay', ['replay', SEED, '--delay', 'soon'], 2, /--delay <ms>.*invalid/],
  ])('%s', async (_name, argv, code, stderr) => {
    const result = await runCli(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('no input on a terminal is a usage error with a hint', async () => {
    const result = await runCli(['replay'], { stdinIsTTY: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('respcat: no input: give a FILE, or pipe a stream in (curl -N … | respcat replay)\n');
  });

  test.each([
    ['empty input', '', /^<stdin>:1: error: no events: the input is empty \[empty-stream\]\n$/],
    ['binary garbage', '\u0000\u0001garbage\u00ff\nmore garbage\n', /^<stdin>:1: error: no events: 2 lines are not SSE, JSON lines or an HTTP preamble \(not a capture\?\) \[empty-stream\]\n$/],
  ])('%s: one clear line, exit 1', async (_name, input, stderr) => {
    const result = await runCli(['replay'], { stdin: input });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
  });

  test('an HTTP error body from curl -i is reported, exit 1', async () => {
    const capture = 'HTTP/2 429\r\ncontent-type: application/json\r\n\r\n{\n  "error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}\n}\n';
    const result = await runCli(['replay'], { stdin: capture });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('<stdin>:4: error: HTTP 429 instead of a stream: "rate_limit_exceeded: Rate limit reached" [http-error]\n');
  });

  test('a capture cut in the middle of a line keeps the text and finished images, says where it was cut, exits 1', async () => {
    const lines = seedText.split('\n');
    // Cut inside the 20th event's line: 19 whole lines (both partial images and part of the text) survive.
    const cut = `${lines.slice(0, 19).join('\n')}\n${lines[19]?.slice(0, 60)}`;
    const dir = freshDir();
    const result = await runCli(['replay', '--out-dir', dir], { stdin: cut });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Here is a single black line in a\n');
    expect(readdirSync(dir).sort()).toEqual([`${ITEM}.partial-0.gif`, `${ITEM}.partial-1.png`]);
    expect(readFileSync(join(dir, `${ITEM}.partial-1.png`))).toEqual(b64('partial_image_b64', 1));
    expect(result.stderr).toMatch(/<stdin>:20: error: The input is cut off inside this event after \d+ bytes/);
    expect(result.stderr).toMatch(/<stdin>:20: error: Response resp_\w+ never finished: the input is cut off in the middle of line 20/);
  });

  test('an invalid JSON line is reported with its line and the rest still parsed', async () => {
    const lines = seedText.split('\n');
    lines[14] = 'data: {"type":"response.output_text.delta", oops';
    const result = await runCli(['replay', '--no-images'], { stdin: lines.join('\n') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${MESSAGE.replace(' single', '')}\n`);
    expect(result.stderr).toMatch(/<stdin>:15: error: Expected a JSON event, found .* \[invalid-json\]/);
  });

  test('an unwritable --out-dir is one line naming it, text still printed, exit 3', async () => {
    const file = join(work, 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await runCli(['replay', SEED, '--out-dir', join(file, 'sub')]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(`${MESSAGE}\n`);
    expect(result.stderr.match(/cannot write images/g)).toHaveLength(1);
    expect(result.stderr).toContain(`cannot write images to ${join(file, 'sub')}`);
  });
});

describe('respcat FILE, with no command, replays FILE', () => {
  test('the same output and exit code as respcat replay FILE, options included', async () => {
    const bare = await runCli([SEED, '--no-images']);
    expect(bare).toEqual({ ...(await runCli(['replay', SEED, '--no-images'])), stderr: expect.any(String) });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(`${MESSAGE}\n`);
    expect(bare.stderr).toMatch(/^respcat: completed · gpt-4\.1-mini-2025-04-14 · /m);
  });

  test('a file without a dot or slash, when it exists; `-` is stdin', async () => {
    const path = join(work, 'capture');
    writeFileSync(path, seedText);
    // Not in the working directory: neither a file nor a command, so "unknown command".
    const elsewhere = await runCli(['capture', '--no-images']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("unknown command 'capture'");
    const cwd = process.cwd();
    process.chdir(work);
    try {
      const found = await runCli(['capture', '--no-images']);
      expect([found.code, found.stdout]).toEqual([0, `${MESSAGE}\n`]);
    } finally {
      process.chdir(cwd);
    }
    const stdin = await runCli(['-', '--no-images'], { stdin: seedText });
    expect([stdin.code, stdin.stdout]).toEqual([0, `${MESSAGE}\n`]);
  });

  test('a missing file is replay’s error (exit 3); a mistyped command is still a usage error with a suggestion, and commands win', async () => {
    const missing = await runCli([join(work, 'missing.sse')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^respcat: .*missing\.sse: /);
    const typo = await runCli(['chek', SEED]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'chek'");
    expect(typo.stderr).toContain('Did you mean check?');
    // Command names win over files.
    const checked = await runCli(['check', SEED]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('invalid-image');
  });
});

describe('replay’s words agree with its exit code', () => {
  test('the seed’s cut-off GIF partial does not fail replay: a warning, exit 0 (check still calls it an error)', async () => {
    const replayed = await runCli(['replay', SEED, '--no-images']);
    expect(replayed.code).toBe(0);
    expect(replayed.stderr).toMatch(/^.*seed-image-gen\.sse:6: warning: The partial 0 of ig_\w+ is not a whole, valid image: GIF ends before its trailer \(cut off\?\) \[invalid-image\]$/m);
    expect(replayed.stderr).not.toContain('error');
    const checked = await runCli(['check', SEED]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/seed-image-gen\.sse:6: error: .*\[invalid-image\]/);
  });

  test('--quiet, which prints only errors, prints none for it', async () => {
    const result = await runCli(['replay', SEED, '--no-images', '--quiet']);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, `${MESSAGE}\n`, '']);
  });

  test.each(listSamples())('%s: an `error:` line only when replay fails', async (sample) => {
    const { code, stderr } = await runCli(['replay', '--no-images', join(ROOT, sample)]);
    // A binary capture's findings are at byte offsets (`file:byte 345:`), a text capture's at lines.
    const errors = stderr.split('\n').filter((line) => /^\S+:(\d+|byte \d+): error: /.test(line));
    if (code === 0) expect(errors).toEqual([]);
    else expect(errors.length).toBeGreaterThan(0);
  });
});
