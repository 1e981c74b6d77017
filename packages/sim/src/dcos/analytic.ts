/**
 * Closed-form and numeric results the twin is checked against.
 */

/**
 * SWIM (Das, Gupta, Motivala 2002), section 3.1: with a fraction q_f of the n
 * members non-faulty, each picking one target per protocol period, a failed member
 * is picked in a period with probability 1 - (1 - 1/n)^(n q_f) ~ 1 - e^(-q_f), so
 * the expected time to its first detection is T' / (1 - e^(-q_f)).
 */
export function swimExpectedFirstDetection(periodSeconds: number, nonFaultyFraction: number): number {
  return periodSeconds / (1 - Math.exp(-nonFaultyFraction));
}

/** Exact per-period pick probability for a finite group: `alive` probers, each choosing among n - 1 others. */
export function swimPickProbability(members: number, alive: number): number {
  if (members <= 1) return 0;
  return 1 - (1 - 1 / (members - 1)) ** alive;
}

/**
 * Probability that one probe of a live member ends in a false suspicion: the direct
 * ping or its ack is lost, and every one of the k indirect paths (four messages
 * each) loses at least one message.
 */
export function swimFalseSuspicionProbability(loss: number, indirectProbes: number): number {
  const direct = 1 - (1 - loss) ** 2;
  const indirect = 1 - (1 - loss) ** 4;
  return direct * indirect ** indirectProbes;
}

/**
 * Protocol periods until an update known to one member has reached all n, by the
 * mean-field recursion of piggybacked push (pings) and pull (acks):
 * x' = 1 - (1 - x) e^(-x (1 - l)) (1 - x (1 - l)^2).
 */
export function swimDisseminationPeriods(members: number, loss: number): number {
  if (members <= 1) return 0;
  let x = 1 / members;
  let periods = 0;
  while ((1 - x) * members >= 0.5 && periods < 10_000) {
    x = 1 - (1 - x) * Math.exp(-x * (1 - loss)) * (1 - x * (1 - loss) ** 2);
    periods++;
  }
  return periods;
}

/**
 * Probability that an erasure-coded stripe (any k of n fragments rebuild it) is lost
 * within `seconds`: the number of missing fragments is a birth-death chain with
 * failure rate (n - i) lambda and repair rate i mu, absorbed at n - k + 1. Solved
 * by uniformization (exact up to the truncation tolerance).
 */
export function stripeLossProbability(
  k: number,
  n: number,
  failureRatePerSecond: number,
  repairRatePerSecond: number,
  seconds: number,
): number {
  const absorbing = n - k + 1;
  const states = absorbing + 1;
  const up = new Float64Array(states);
  const down = new Float64Array(states);
  let maxRate = 0;
  for (let i = 0; i < absorbing; i++) {
    up[i] = (n - i) * failureRatePerSecond;
    down[i] = i * repairRatePerSecond;
    maxRate = Math.max(maxRate, up[i]! + down[i]!);
  }
  if (maxRate === 0 || seconds <= 0) return 0;
  const lambdaT = maxRate * seconds;
  let p = new Float64Array(states);
  p[0] = 1;
  let next = new Float64Array(states);
  // Poisson weights computed in log space to avoid underflow for large lambdaT.
  let logWeight = -lambdaT;
  let absorbed = 0;
  let cumulativeWeight = 0;
  const maxSteps = Math.ceil(lambdaT + 12 * Math.sqrt(lambdaT) + 50);
  for (let step = 0; step <= maxSteps; step++) {
    const w = Math.exp(logWeight);
    absorbed += w * p[absorbing]!;
    cumulativeWeight += w;
    next.fill(0);
    for (let i = 0; i < absorbing; i++) {
      const pi = p[i]!;
      if (pi === 0) continue;
      const u = up[i]! / maxRate;
      const d = down[i]! / maxRate;
      next[i + 1]! += pi * u;
      if (i > 0) next[i - 1]! += pi * d;
      next[i]! += pi * (1 - u - d);
    }
    next[absorbing]! += p[absorbing]!;
    [p, next] = [next, p];
    logWeight += Math.log(lambdaT) - Math.log(step + 1);
  }
  // Mass beyond the truncation is all eventually counted as p[absorbing] at most.
  return Math.min(1, absorbed + (1 - cumulativeWeight) * p[absorbing]!);
}

/** Two-sided binomial confidence interval for a count (normal approximation with continuity correction). */
export function binomialInterval(
  trials: number,
  probability: number,
  z = 2.576,
): { low: number; high: number; mean: number } {
  const mean = trials * probability;
  const sd = Math.sqrt(trials * probability * (1 - probability));
  return { mean, low: Math.max(0, mean - z * sd - 0.5), high: mean + z * sd + 0.5 };
}
