import { describe, expect, it } from 'vitest';
import { estimate, fastest, median, settle, verdict } from '../../bench/settle.mjs';
import { createRandom } from '../support/chunkings.js';

// The benchmark's decision on a noisy machine (issue 23): a time ratio near its limit gets more rounds
// until its interval is on one side of the limit or a cap is reached, then is decided on all its rounds.

/**
 * Two contestants on a simulated noisy machine: each run is its true time, a little jitter, and now and then
 * a burst (another process on the other core) that slows it by 20-60 %, as measured on the benchmark machine.
 */
function machine(trueTimes: Record<string, number>, seed: number) {
  const random = createRandom(seed);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(trueTimes).map((id) => [id, []]));
  const run = (rounds: number): void => {
    for (let k = 0; k < rounds; k++)
      for (const [id, time] of Object.entries(trueTimes)) {
        const burst = random() < 0.25 ? 1.2 + 0.4 * random() : 1;
        (times[id] as number[]).push(time * burst * (1 + 0.04 * (random() - 0.5)));
      }
  };
  return { times, run, of: (id: string) => times[id] ?? [] };
}

const ratio = (med: (id: string) => number) => med('replay') / med('baseline');

async function decide(trueRatio: number, seed: number, { planned = 7, cap = 21, max = 0.45 } = {}) {
  const sim = machine({ replay: trueRatio * 1000, baseline: 1000 }, seed);
  sim.run(planned);
  const asked: number[] = [];
  const figure = await settle({
    times: sim.of,
    ratio,
    max,
    rounds: () => Math.min(sim.of('replay').length, sim.of('baseline').length),
    cap,
    batch: 4,
    more: async (rounds) => {
      asked.push(rounds);
      sim.run(rounds);
    },
  });
  return { figure, asked, sim };
}

describe('bench/settle.mjs', () => {
  it('gives the ratio of the medians and an interval around it, the same for the same rounds', () => {
    const times = { a: [40, 42, 41, 80, 39], b: [100, 101, 99, 140, 98] };
    const of = (id: string) => times[id as 'a' | 'b'];
    const ratioAB = (med: (id: string) => number) => med('a') / med('b');
    const first = estimate(of, ratioAB);
    expect(first.value).toBeCloseTo(median(times.a) / median(times.b), 12);
    expect(first.value).toBeCloseTo(41 / 100, 12);
    expect(first.low).toBeLessThanOrEqual(first.value);
    expect(first.high).toBeGreaterThanOrEqual(first.value);
    expect(first.high).toBeGreaterThan(first.low);
    expect(estimate(of, ratioAB)).toEqual(first);
  });

  it('passes or fails at once when the interval is on one side of the limit', () => {
    expect(verdict({ value: 0.3, low: 0.28, high: 0.32 }, 0.45)).toBe('pass');
    expect(verdict({ value: 0.6, low: 0.55, high: 0.66 }, 0.45)).toBe('fail');
    expect(verdict({ value: 0.44, low: 0.41, high: 0.47 }, 0.45)).toBe('undecided');
    expect(verdict({ value: 0.46, low: 0.45, high: 0.47 }, 0.45)).toBe('undecided');
  });

  it('asks for no more rounds when a ratio is far from its limit, under or over', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const under = await decide(0.25, seed);
      expect(under.asked).toEqual([]);
      expect(under.figure).toMatchObject({ rounds: 7, decided: true, met: true });
      const over = await decide(0.8, seed);
      expect(over.asked).toEqual([]);
      expect(over.figure).toMatchObject({ rounds: 7, decided: true, met: false });
    }
  });

  it('runs more rounds, never past the cap, for a ratio near its limit, and decides on all of them', async () => {
    let askedMore = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { figure, asked, sim } = await decide(0.43, seed);
      if (asked.length > 0) askedMore++;
      expect(figure.rounds).toBeLessThanOrEqual(21);
      expect(asked.every((rounds) => rounds >= 1 && rounds <= 4)).toBe(true);
      expect(figure.rounds).toBe(7 + asked.reduce((sum, rounds) => sum + rounds, 0));
      // Decided on every round run: none dropped.
      expect(sim.of('replay')).toHaveLength(figure.rounds);
      expect(figure.value).toBeCloseTo(median(sim.of('replay')) / median(sim.of('baseline')), 12);
      if (!figure.decided) expect(figure.rounds).toBe(21);
    }
    expect(askedMore).toBeGreaterThan(10);
  });

  it('keeps a noisy machine from failing a ratio a little under its limit, and still fails one a little over', async () => {
    const runs = 100;
    let failedUnder = 0;
    let failedUnderPlanned = 0;
    let passedOver = 0;
    for (let seed = 1; seed <= runs; seed++) {
      if (!(await decide(0.41, seed)).figure.met) failedUnder++;
      if (!(await decide(0.41, seed, { cap: 7 })).figure.met) failedUnderPlanned++;
      if ((await decide(0.49, seed)).figure.met) passedOver++;
    }
    // The planned rounds alone fail the under-limit ratio now and then; settling makes that rare.
    expect(failedUnderPlanned).toBeGreaterThan(failedUnder);
    expect(failedUnder / runs).toBeLessThan(0.02);
    expect(passedOver / runs).toBeLessThan(0.02);
  });

  it('decides a start-up ratio on the fastest starts when load bursts slow up to half of them, and still fails a slower start', async () => {
    expect(fastest(3)([9, 1, 5, 2, 3, 7])).toBe(2);
    expect(fastest(3)([4])).toBe(4);
    // Starts of 100 and 154 ms (true ratio 1.54, limit 1.6); each run has a 45 % chance of a 30-60 % burst.
    const starts = (trueRatio: number, seed: number, rounds: number) => {
      const random = createRandom(seed);
      const times: Record<string, number[]> = { replay: [], node: [] };
      for (let k = 0; k < rounds; k++)
        for (const [id, time] of [['node', 100], ['replay', 100 * trueRatio]] as const) times[id]?.push(time * (random() < 0.45 ? 1.3 + 0.3 * random() : 1) * (1 + 0.02 * (random() - 0.5)));
      return (id: string) => times[id] ?? [];
    };
    const startRatio = (med: (id: string) => number) => med('replay') / med('node');
    let failedByMedian = 0;
    let failedByFastest = 0;
    let passedSlower = 0;
    for (let seed = 1; seed <= 100; seed++) {
      if (estimate(starts(1.54, seed, 15), startRatio).value > 1.6) failedByMedian++;
      if (estimate(starts(1.54, seed, 15), startRatio, { statistic: fastest(3) }).value > 1.6) failedByFastest++;
      if (estimate(starts(1.7, seed, 15), startRatio, { statistic: fastest(3) }).value <= 1.6) passedSlower++;
    }
    expect(failedByMedian).toBeGreaterThan(10);
    expect(failedByFastest).toBe(0);
    expect(passedSlower).toBe(0);
  });
});
