/** One run of a diff: `equal` items are in both sequences, `delete` only in A, `insert` only in B. */
export interface DiffRun {
  readonly op: 'equal' | 'delete' | 'insert';
  /** Where the run starts in A (for an insert: the A index it goes before). */
  readonly aStart: number;
  /** Where the run starts in B (for a delete: the B index it goes before). */
  readonly bStart: number;
  readonly count: number;
}

/** How far an exact diff may go before it gives way to a coarse one. */
export interface DiffLimits {
  /** Insertions and deletions (Myers' D): memory is about D² integers. */
  readonly maxEdits: number;
  /** Steps of the search (diagonals tried plus items compared): time. */
  readonly maxWork: number;
}

/**
 * The limits respcat diffs texts under: beyond them the differing middle (what is left once the common first
 * and last lines or words are set aside) is shown as one replaced block, so texts of many MB cannot take
 * seconds or hundreds of MB (docs/spec.md, `respcat diff`).
 */
export const DIFF_LIMITS: DiffLimits = { maxEdits: 1_000, maxWork: 20_000_000 };

/** A diff of two sequences, and whether it is a shortest one (false: the middle was replaced whole). */
export interface SequenceDiff {
  readonly runs: readonly DiffRun[];
  readonly exact: boolean;
}

/**
 * Diffs two sequences of strings with Myers' O((N + M) · D) algorithm, after setting aside what they start and
 * end with in common. Past `limits` the middle becomes one delete and one insert (`exact: false`).
 */
export function diffSequences(a: readonly string[], b: readonly string[], limits: DiffLimits = DIFF_LIMITS): SequenceDiff {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const n = a.length - prefix - suffix;
  const m = b.length - prefix - suffix;

  const runs = createRuns();
  runs.push('equal', 0, 0, prefix);
  let exact = true;
  if (n === 0 || m === 0) {
    runs.push('delete', prefix, prefix, n);
    runs.push('insert', prefix + n, prefix, m);
  } else {
    const x = a.slice(prefix, prefix + n);
    const y = b.slice(prefix, prefix + m);
    const script = myers(x, y, Math.min(n + m, limits.maxEdits), limits.maxWork);
    if (script === null) exact = false;
    else for (const [op, i, j, count] of script) runs.push(op, prefix + i, prefix + j, count);
  }
  if (!exact) {
    runs.push('delete', prefix, prefix, n);
    runs.push('insert', prefix + n, prefix, m);
  }
  runs.push('equal', prefix + n, prefix + m, suffix);
  return { runs: runs.list, exact };
}

type Op = DiffRun['op'];

/** Runs collected in order, neighbours of the same kind merged and empty ones dropped. */
function createRuns() {
  const list: DiffRun[] = [];
  return {
    list,
    push(op: Op, aStart: number, bStart: number, count: number): void {
      if (count <= 0) return;
      const last = list[list.length - 1];
      if (last !== undefined && last.op === op) list[list.length - 1] = { ...last, count: last.count + count };
      else list.push({ op, aStart, bStart, count });
    },
  };
}

/**
 * Myers' greedy shortest edit script (1986), keeping each round's furthest points so the path can be traced
 * back; null when more than `maxEdits` edits, or more than `maxWork` steps, would be needed.
 */
function myers(a: readonly string[], b: readonly string[], maxEdits: number, maxWork: number): [Op, number, number, number][] | null {
  const n = a.length;
  const m = b.length;
  const offset = maxEdits + 1;
  const v = new Int32Array(2 * maxEdits + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  let work = 0;
  for (let d = 0; d <= maxEdits && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      const from = x;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      work += 1 + x - from;
      if (work > maxWork) return null;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    // This round's points, k = -d … d, for the way back.
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return null;

  const script: [Op, number, number, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const at = (k: number): number => previous[k + d - 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    // The diagonal (equal items) walked after this round's edit.
    const startX = down ? previousX : previousX + 1;
    const startY = down ? previousY + 1 : previousY;
    if (x > startX) script.push(['equal', startX, startY, x - startX]);
    script.push(down ? ['insert', previousX, previousY, 1] : ['delete', previousX, previousY, 1]);
    x = previousX;
    y = previousY;
  }
  if (x > 0) script.push(['equal', 0, 0, x]);
  return script.reverse();
}
