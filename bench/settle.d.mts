// Types of bench/settle.mjs, for the tests that import it.
export interface Estimate {
  value: number;
  low: number;
  high: number;
}
export function median(values: readonly number[]): number;
export function fastest(count: number): (values: readonly number[]) => number;
export function estimate(
  times: (id: string) => readonly number[],
  ratio: (med: (id: string) => number) => number,
  options?: { draws?: number; level?: number; seed?: number; statistic?: (values: readonly number[]) => number },
): Estimate;
export function verdict(figure: Estimate, max: number): 'pass' | 'fail' | 'undecided';
export function settle(options: {
  times: (id: string) => readonly number[];
  ratio: (med: (id: string) => number) => number;
  max: number;
  rounds: () => number;
  cap: number;
  batch: number;
  more: (rounds: number) => Promise<unknown>;
  statistic?: (values: readonly number[]) => number;
}): Promise<Estimate & { rounds: number; decided: boolean; met: boolean }>;
