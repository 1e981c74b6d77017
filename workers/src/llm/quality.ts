/**
 * Expected answer quality per (service, domain), learned from settled outcomes.
 *
 * Each outcome is a score in [0, 1] (accepted = 1, rejected or a jury ruling against = 0, partial
 * credit in between) with a weight. The expectation is the mean of a Beta posterior:
 *
 *   expected = (priorStrength * priorMean + Σ weight·outcome) / (priorStrength + Σ weight)
 *
 * The prior mean comes from the service's profile: a service whose `bestFor` lists the task kind
 * starts high, one whose strengths or best uses share a word with the kind or domain starts a little
 * above neutral, one whose weaknesses share a word with it starts low. Evidence then outweighs the
 * prior after a handful of outcomes (priorStrength pseudo-outcomes).
 *
 * Sums live in two Redis hashes (HINCRBYFLOAT), so every worker learns from every outcome. Routing
 * reads only the in-memory snapshot, refreshed on demand with `refresh()`, so a decision never waits
 * on Redis. Without a Redis connection the book is purely in memory (benchmarks, offline tools).
 */
import type { Redis } from "ioredis";
import type { LlmService } from "./registry.ts";

export class InvalidOutcomeError extends Error {
  override name = "InvalidOutcomeError";
}

export interface QualityBookOptions {
  /** Shared store; omit for a book that lives only in this process. */
  readonly redis?: Redis;
  /** Prefix of the two hashes, e.g. "aos:31337:0xabc…:llm-quality". */
  readonly keyPrefix?: string;
  /** How many outcomes the prior is worth (default 4). */
  readonly priorStrength?: number;
}

interface Evidence {
  successes: number;
  weight: number;
}

/** Prior means by how well a service's profile matches the work. */
export const PRIOR_BEST_FOR = 0.85;
export const PRIOR_RELATED = 0.72;
export const PRIOR_NEUTRAL = 0.6;
export const PRIOR_WEAKNESS_PENALTY = 0.15;

function words(tag: string): string[] {
  return tag
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The prior mean of a service for a (kind, domain): see the module comment. */
export function priorMean(service: LlmService, domain: string, kind: string): number {
  if (service.bestFor.includes(kind)) return PRIOR_BEST_FOR;
  const workWords = new Set([...words(kind), ...words(domain)]);
  const shares = (tags: readonly string[]) => tags.some((tag) => words(tag).some((word) => workWords.has(word)));
  let mean = shares(service.bestFor) || shares(service.strengths) ? PRIOR_RELATED : PRIOR_NEUTRAL;
  if (shares(service.weaknesses)) mean -= PRIOR_WEAKNESS_PENALTY;
  return mean;
}

export class QualityBook {
  readonly #redis: Redis | undefined;
  readonly #successesKey: string;
  readonly #weightsKey: string;
  readonly #priorStrength: number;
  #evidence = new Map<string, Evidence>();
  // Priors depend only on the (immutable) profile, the kind and the domain: computed once.
  readonly #priors = new Map<string, number>();

  constructor(options: QualityBookOptions = {}) {
    this.#redis = options.redis;
    const prefix = options.keyPrefix ?? "aos:llm-quality";
    this.#successesKey = `${prefix}:successes`;
    this.#weightsKey = `${prefix}:weights`;
    this.#priorStrength = options.priorStrength ?? 4;
    if (!(this.#priorStrength > 0)) throw new RangeError("priorStrength must be positive");
  }

  /** Records one settled outcome; the snapshot takes Redis's new totals at once. */
  async record(serviceId: string, domain: string, outcome: number, weight = 1): Promise<void> {
    if (!(outcome >= 0 && outcome <= 1)) {
      throw new InvalidOutcomeError(`outcome must be in [0, 1] (1 = accepted, 0 = rejected), got ${outcome}`);
    }
    if (!(weight > 0 && Number.isFinite(weight))) {
      throw new InvalidOutcomeError(`weight must be a positive number, got ${weight}`);
    }
    const field = fieldOf(serviceId, domain);
    if (!this.#redis) {
      const evidence = this.#evidence.get(field) ?? { successes: 0, weight: 0 };
      evidence.successes += outcome * weight;
      evidence.weight += weight;
      this.#evidence.set(field, evidence);
      return;
    }
    const replies = await this.#redis
      .multi()
      .hincrbyfloat(this.#successesKey, field, outcome * weight)
      .hincrbyfloat(this.#weightsKey, field, weight)
      .exec();
    const successes = Number(replies?.[0]?.[1]);
    const total = Number(replies?.[1]?.[1]);
    if (Number.isFinite(successes) && Number.isFinite(total)) this.#setEvidence(field, successes, total);
  }

  /** Reloads the snapshot from Redis (every worker's outcomes). No-op for an in-memory book. */
  async refresh(): Promise<void> {
    if (!this.#redis) return;
    const [successes, weights] = await Promise.all([
      this.#redis.hgetall(this.#successesKey),
      this.#redis.hgetall(this.#weightsKey),
    ]);
    const next = new Map<string, Evidence>();
    for (const [field, weight] of Object.entries(weights)) {
      next.set(field, { successes: Number(successes[field] ?? 0), weight: Number(weight) });
    }
    this.#evidence = next;
  }

  /** Posterior mean quality of `service` on `domain` for work of `kind`, from the snapshot only. */
  expected(service: LlmService, domain: string, kind: string): number {
    const priorKey = `${service.id}|${domain}|${kind}`;
    let prior = this.#priors.get(priorKey);
    if (prior === undefined) {
      prior = priorMean(service, domain, kind);
      this.#priors.set(priorKey, prior);
    }
    const evidence = this.#evidence.get(fieldOf(service.id, domain));
    if (!evidence) return prior;
    return (this.#priorStrength * prior + evidence.successes) / (this.#priorStrength + evidence.weight);
  }

  /** The evidence behind an expectation (for status views and tests). */
  evidence(serviceId: string, domain: string): { successes: number; weight: number } {
    const evidence = this.#evidence.get(fieldOf(serviceId, domain));
    return { successes: evidence?.successes ?? 0, weight: evidence?.weight ?? 0 };
  }

  /** Deletes this book's hashes (tests, resets ordered by the operator). */
  async clear(): Promise<void> {
    this.#evidence = new Map();
    if (this.#redis) await this.#redis.del(this.#successesKey, this.#weightsKey);
  }

  #setEvidence(field: string, successes: number, weight: number): void {
    this.#evidence.set(field, { successes, weight });
  }
}

/** Service ids cannot hold "|" (loadServices enforces it), so the first "|" separates id and domain. */
function fieldOf(serviceId: string, domain: string): string {
  return `${serviceId}|${domain}`;
}
