import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messageText, parseStream } from '../../src/index.js';
import { ensureBuilt } from '../support/binary.js';
import { ROOT, SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-lib-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the library API', () => {
  test('parseStream reads a Node stream into responses and diagnostics', async () => {
    const parsed = await parseStream(createReadStream(SEED));
    expect(parsed.eventCount).toBe(35);
    expect(parsed.responses).toHaveLength(1);
    expect(parsed.responses[0]?.status).toBe('completed');
    expect(messageText(parsed.responses[0]!)).toBe('Here is a single black line in a perfect circle. Let me know if you need any modifications.');
    expect(parsed.diagnostics.map((d) => `${d.position.line}:${d.code}`)).toEqual(['9:output-mismatch']);
  });

  test('parseStream accepts strings and reports updates as they happen', async () => {
    const deltas: string[] = [];
    await parseStream(['data: {"type":"response.output_text.delta","output_index":0,"item_id":"m","content_index":0,"delta":"Hi"}\n'], {
      onUpdate: (u) => {
        if (u.kind === 'delta') deltas.push(u.delta);
      },
    });
    expect(deltas).toEqual(['Hi']);
  });

  test('a separate project can import the package and type-check against dist/*.d.ts', () => {
    const project = join(work, 'consumer');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(project, 'node_modules', 'respcat'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] } }),
    );
    writeFileSync(
      join(project, 'index.ts'),
      [
        "import { parseStream, messageText, type ResponseState, type StreamEvent, type Diagnostic } from 'respcat';",
        'const parsed = await parseStream([new Uint8Array(0)]);',
        'const texts: string[] = parsed.responses.map((r: ResponseState) => messageText(r));',
        'const codes: string[] = parsed.diagnostics.map((d: Diagnostic) => d.code);',
        "const isText = (e: StreamEvent): boolean => e.type === 'response.output_text.delta';",
        'export { texts, codes, isText };',
        '// @ts-expect-error: the API is typed, so a wrong use fails',
        'const wrong: number = parsed.responses;',
        'export { wrong };',
      ].join('\n'),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "import { KNOWN_EVENT_TYPES } from 'respcat'; console.log(KNOWN_EVENT_TYPES.includes('response.completed'))"], { cwd: project, encoding: 'utf8' });
    expect(run.stdout).toBe('true\n');
  });

  test('npm pack ships bin/, dist/ with .d.ts, the README and the config schema, nothing else', () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const [info] = JSON.parse(pack.stdout) as [{ files: { path: string }[] }];
    const paths = info.files.map((f) => f.path);
    expect(paths).toContain('bin/respcat.js');
    // bin/ is CommonJS (its package.json): the entry loads the bundle with its code cache.
    expect(paths).toContain('bin/package.json');
    // What bin/respcat.js runs: the loader, the bundle, its code cache and its workers' files (scripts/bundle.mjs).
    for (const file of ['load.cjs', 'respcat.cjs', 'respcat.cjs.cache', 'respcat.cjs.check.cache', 'check-worker.cjs', 'image-worker.cjs']) expect(paths).toContain(`dist/bin/${file}`);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('README.md');
    expect(paths).toContain('package.json');
    expect(paths).toContain('schema/respcat.config.schema.json');
    expect(paths.filter((p) => !/^(bin\/|dist\/|README\.md$|package\.json$|LICENSE$|schema\/respcat\.config\.schema\.json$)/.test(p))).toEqual([]);
  });
});
