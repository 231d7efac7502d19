import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a replay leaves behind: its exit code and each file it wrote, with size and SHA-256 (the `.replay.txt` golden's form). */
export function describeRun(code: number | null, dir: string): string {
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const lines = files.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return `${name} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`;
  });
  return [`exit: ${code}`, ...lines].join('\n') + '\n';
}
