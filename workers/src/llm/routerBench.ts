/**
 * Router throughput over a realistic mix of requests (kinds, domains, budgets, token counts,
 * privacy) with the five default services and a quality book that has learned some outcomes.
 * Used by bench/workers.ts for `router_decisions_per_sec`.
 */
import { performance } from "node:perf_hooks";
import { QualityBook } from "./quality.ts";
import { DEFAULT_SERVICES, type RouteRequest } from "./registry.ts";
import { Router } from "./router.ts";

const KINDS = [
  "complex_reasoning",
  "code_generation",
  "fast_generation",
  "social_sentiment",
  "sentiment_analysis",
  "long_document",
  "simple_analysis",
  "image_analysis",
  "research",
  "planning",
];
const DOMAINS = ["legal", "finance", "software", "marketing", "science", "general"];
const BUDGETS = [0.001, 0.01, 0.05, 0.25, 1, 5];
const INPUT_TOKENS = [200, 1_500, 6_000, 30_000, 120_000];
const OUTPUT_TOKENS = [256, 1_000, 4_000];

/** A deterministic mix; every request has at least one eligible service (errors are not the point). */
export function routerBenchRequests(router: Router, count = 256): RouteRequest[] {
  const requests: RouteRequest[] = [];
  let seed = 42;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return list[seed % list.length]!;
  };
  while (requests.length < count) {
    const privacyRequired = pick([false, false, false, false, true]);
    const request: RouteRequest = {
      kind: pick(KINDS),
      domain: pick(DOMAINS),
      privacyRequired,
      budgetUsd: pick(BUDGETS),
      inputTokens: privacyRequired ? pick([200, 1_500, 4_000]) : pick(INPUT_TOKENS),
      maxOutputTokens: pick(OUTPUT_TOKENS),
    };
    try {
      router.decide(request);
      requests.push(request);
    } catch {
      // Ineligible combinations (e.g. a long private prompt) are left out of the mix.
    }
  }
  return requests;
}

/** Runs decide() for about `durationMs` and reports the count and the rate. */
export function measureRouterDecisions(durationMs = 1000): { decisions: number; perSecond: number } {
  const quality = new QualityBook();
  // Some learned evidence so lookups hit the posterior path, as in a worker that has been running.
  for (const service of DEFAULT_SERVICES) {
    for (const [index, domain] of DOMAINS.entries()) {
      void quality.record(service.id, domain, index % 2 === 0 ? 1 : 0.5, 1 + index);
    }
  }
  const router = new Router({ services: DEFAULT_SERVICES, quality });
  const requests = routerBenchRequests(router);
  let decisions = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < 1024; i++) {
      sink += router.decide(requests[(decisions + i) % requests.length]!).candidates.length;
    }
    decisions += 1024;
    elapsed = performance.now() - start;
  }
  if (sink === 0) throw new Error("router bench made no decisions");
  return { decisions, perSecond: Math.round(decisions / (elapsed / 1000)) };
}
