/**
 * The router: which services may take one LLM call, best first (001, section 4.2).
 *
 * 1. Privacy-required work goes only to local services.
 * 2. A service must fit the call: prompt plus output within its context window, and its maximum
 *    cost (all output tokens used) within the budget.
 * 3. Ranking trades cost against expected quality with the operator's threshold: among services
 *    whose expected quality reaches the threshold, the cheapest wins (ties: higher quality, then
 *    lower latency); services below the threshold follow, highest quality first (ties: cheaper).
 *    If none reaches it, the best available quality therefore comes first.
 *
 * Expected quality comes from the QualityBook's snapshot (prior from the profile, then learned
 * outcomes), so 001's hand-written rules emerge rather than being coded: complex_reasoning goes to
 * claude-opus when the budget allows, social_sentiment to grok-2, a long document to gemini-pro
 * (the only one whose profile names it and whose window fits). decide() is synchronous and reads
 * no Redis; it allocates one small array per call.
 */
import type { QualityBook } from "./quality.ts";
import { costOf, type LlmService, type RouteRequest, type RoutingDecision } from "./registry.ts";

export class NoLocalModelError extends Error {
  override name = "NoLocalModelError";
  constructor() {
    super(
      "This task requires privacy, so it may only run on a local model, and none is configured: add a service with " +
        'locality "local" (for example an Ollama or llama.cpp server, provider "openai-compatible") to llm.services.',
    );
  }
}

export type IneligibleReason = "budget" | "context";

export class NoEligibleServiceError extends Error {
  override name = "NoEligibleServiceError";
  readonly excluded: readonly { serviceId: string; reason: IneligibleReason; detail: string }[];
  constructor(request: RouteRequest, excluded: NoEligibleServiceError["excluded"]) {
    const needs = [...new Set(excluded.map((entry) => entry.reason))];
    const advice = needs
      .map((reason) =>
        reason === "budget" ? "raise the budget or lower maxOutputTokens" : "shorten the prompt or add a larger model",
      )
      .join("; ");
    super(
      `No LLM service can take this ${request.kind} call (${request.inputTokens} input + ${request.maxOutputTokens} ` +
        `output tokens, budget $${request.budgetUsd}): ${excluded.map((entry) => `${entry.serviceId} ${entry.detail}`).join("; ")}. ` +
        `To fix: ${advice}.`,
    );
    this.excluded = excluded;
  }
}

export interface RouterOptions {
  readonly services: readonly LlmService[];
  readonly quality: QualityBook;
  /** Expected quality a service must reach to compete on price (default 0.75). */
  readonly qualityThreshold?: number;
}

export const DEFAULT_QUALITY_THRESHOLD = 0.75;

interface Scored {
  readonly service: LlmService;
  readonly quality: number;
  readonly cost: number;
}

export class Router {
  readonly threshold: number;
  readonly #services: readonly LlmService[];
  readonly #localServices: readonly LlmService[];
  readonly #quality: QualityBook;

  constructor(options: RouterOptions) {
    this.#services = options.services;
    this.#localServices = options.services.filter((service) => service.locality === "local");
    this.#quality = options.quality;
    this.threshold = options.qualityThreshold ?? DEFAULT_QUALITY_THRESHOLD;
    if (!(this.threshold >= 0 && this.threshold <= 1)) throw new RangeError("qualityThreshold must be in [0, 1]");
  }

  decide(request: RouteRequest): RoutingDecision {
    const pool = request.privacyRequired ? this.#localServices : this.#services;
    if (pool.length === 0) {
      if (request.privacyRequired) throw new NoLocalModelError();
      throw new NoEligibleServiceError(request, []);
    }
    const tokens = request.inputTokens + request.maxOutputTokens;
    const eligible: Scored[] = [];
    let excluded = 0;
    for (const service of pool) {
      const cost = costOf(service, request.inputTokens, request.maxOutputTokens);
      if (tokens > service.maxContext || cost > request.budgetUsd) {
        excluded++;
        continue;
      }
      eligible.push({ service, cost, quality: this.#quality.expected(service, request.domain, request.kind) });
    }
    if (eligible.length === 0) throw new NoEligibleServiceError(request, this.#exclusions(pool, request));

    const threshold = this.threshold;
    eligible.sort((a, b) => {
      const aPasses = a.quality >= threshold;
      const bPasses = b.quality >= threshold;
      if (aPasses !== bPasses) return aPasses ? -1 : 1;
      if (aPasses) {
        return a.cost - b.cost || b.quality - a.quality || a.service.latencyMs - b.service.latencyMs || cmp(a, b);
      }
      return b.quality - a.quality || a.cost - b.cost || a.service.latencyMs - b.service.latencyMs || cmp(a, b);
    });

    return {
      request,
      candidates: eligible.map((entry) => ({
        serviceId: entry.service.id,
        expectedQuality: entry.quality,
        maxCostUsd: entry.cost,
      })),
      reason: this.#reason(request, eligible, excluded),
    };
  }

  #reason(request: RouteRequest, ranked: readonly Scored[], excluded: number): string {
    const best = ranked[0]!;
    const quality = best.quality.toFixed(2);
    const why =
      best.quality >= this.threshold
        ? `cheapest service with expected quality ${quality} >= threshold ${this.threshold}`
        : `no service reaches threshold ${this.threshold}; best expected quality ${quality}`;
    const scope = request.privacyRequired ? "privacy required, local only; " : "";
    const left = excluded > 0 ? `; ${excluded} excluded by budget or context` : "";
    return `${best.service.id} for ${request.kind}/${request.domain}: ${scope}${why}, max cost $${best.cost.toFixed(4)} of $${request.budgetUsd}${left}`;
  }

  // Only on the failure path: says, per service, what ruled it out.
  #exclusions(pool: readonly LlmService[], request: RouteRequest): NoEligibleServiceError["excluded"] {
    const tokens = request.inputTokens + request.maxOutputTokens;
    return pool.map((service) => {
      if (tokens > service.maxContext) {
        return {
          serviceId: service.id,
          reason: "context" as const,
          detail: `has a context of ${service.maxContext} tokens < ${tokens} needed`,
        };
      }
      const cost = costOf(service, request.inputTokens, request.maxOutputTokens);
      return {
        serviceId: service.id,
        reason: "budget" as const,
        detail: `may cost up to $${cost.toFixed(4)} > budget $${request.budgetUsd}`,
      };
    });
  }
}

function cmp(a: Scored, b: Scored): number {
  return a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0;
}
