// Deciding a time target from rounds on a noisy machine (issue 23). A ratio of medians from a few rounds
// swings by several hundredths from run to run here (other processes share the two cores and slow memory-heavy
// work by a third or more), so a target a few hundredths from its limit passed or failed by luck. Instead of
// more rounds for every target, a target gets more rounds only while a bootstrap interval of its ratio still
// holds its limit, up to a cap; it is then decided on the median of every round it ran. A ratio clearly
// under or over its limit is decided after the planned rounds, a regression fails as before, and no round
// is ever dropped.

import { createRandom } from './generate.mjs';

/**
 * The mean of the `count` fastest values: for runs so short (a start, 100–250 ms) that a burst of load from
 * other processes slows a third to half of them by 30–50 %, the cost of the run itself, where the median
 * lands on whichever mode has more runs. A regression slows the fastest runs too.
 */
export function fastest(count) {
  return (values) => {
    const sorted = [...values].sort((a, b) => a - b).slice(0, Math.max(1, count));
    return sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/**
 * The ratio `ratio(med)` on the measured times, and a bootstrap interval of it: each contestant's times are
 * drawn again with replacement (`draws` times) and the ratio recomputed on their medians (or `statistic`); `low` and `high`
 * bound the middle `level` of those ratios. `times(id)` gives a contestant's times; `ratio` asks `med(id)`
 * for the medians it needs.
 */
export function estimate(times, ratio, { draws = 2000, level = 0.9, seed = 23, statistic = median } = {}) {
  const value = ratio((id) => statistic(times(id)));
  // Seeded: the same rounds always give the same interval.
  const next = createRandom(seed);
  const random = () => next() / 4294967296;
  const drawn = [];
  for (let k = 0; k < draws; k++) {
    const cache = new Map();
    drawn.push(
      ratio((id) => {
        if (!cache.has(id)) {
          const all = times(id);
          cache.set(id, statistic(Array.from(all, () => all[Math.floor(random() * all.length)])));
        }
        return cache.get(id);
      }),
    );
  }
  drawn.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { value, low: drawn[Math.floor(tail * (draws - 1))], high: drawn[Math.ceil((1 - tail) * (draws - 1))] };
}

/** `pass` or `fail` when the whole interval is on one side of the limit, else `undecided`. */
export function verdict({ low, high }, max) {
  if (high <= max) return 'pass';
  if (low > max) return 'fail';
  return 'undecided';
}

/**
 * Runs more rounds of a target (`more(rounds)`) while its verdict is undecided and it has run fewer than
 * `cap` rounds, `batch` at a time. Returns the final estimate, the rounds it ran, and whether it is met: the
 * ratio on all its rounds (of medians, or of `statistic`) against the limit, whatever the interval says at the cap.
 */
export async function settle({ times, ratio, max, rounds, cap, batch, more, statistic = median }) {
  let ran = rounds();
  let figure = estimate(times, ratio, { statistic });
  while (verdict(figure, max) === 'undecided' && ran < cap) {
    await more(Math.min(batch, cap - ran));
    ran = rounds();
    figure = estimate(times, ratio, { statistic });
  }
  return { ...figure, rounds: ran, decided: verdict(figure, max) !== 'undecided', met: figure.value <= max };
}
