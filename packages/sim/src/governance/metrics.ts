/** Statistics used by the governance metrics and the what-if tables. */

/** Nearest-rank percentile (q in [0, 1]) of the values; NaN when there are none. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1] as number;
}

/**
 * ROC AUC of a score separating positives from negatives: the probability that a random
 * positive scores higher than a random negative, ties counted one half (Mann-Whitney U).
 * NaN when either class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let pos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j + 1 < n && (scores[order[j + 1] as number] as number) === s) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k] as number]) {
        pos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface MeanCi {
  n: number;
  mean: number;
  /** 95% confidence interval of the mean (Student's t); equal to the mean when n < 2. */
  ciLow: number;
  ciHigh: number;
  stdev: number;
}

/** Mean and 95% confidence interval of the finite values (NaN values are skipped and not counted). */
export function meanCi(values: readonly number[]): MeanCi {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n: 0, mean: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, stdev: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, ciLow: mean, ciHigh: mean, stdev: 0 };
  const variance = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1);
  const stdev = Math.sqrt(variance);
  const t = n - 1 <= T975.length ? (T975[n - 2] as number) : 1.96;
  const half = (t * stdev) / Math.sqrt(n);
  return { n, mean, ciLow: mean - half, ciHigh: mean + half, stdev };
}
