import assert from "node:assert/strict";
import { test } from "node:test";
import { QualityBook } from "./quality.ts";
import { DEFAULT_SERVICES, type RouteRequest } from "./registry.ts";
import { NoEligibleServiceError, NoLocalModelError, Router } from "./router.ts";
import { measureRouterDecisions } from "./routerBench.ts";

const base: RouteRequest = {
  kind: "complex_reasoning",
  domain: "legal",
  privacyRequired: false,
  budgetUsd: 1,
  inputTokens: 2_000,
  maxOutputTokens: 1_000,
};
const router = (threshold?: number, quality = new QualityBook()) =>
  new Router({
    services: DEFAULT_SERVICES,
    quality,
    ...(threshold === undefined ? {} : { qualityThreshold: threshold }),
  });
const ids = (request: RouteRequest, r = router()) => r.decide(request).candidates.map((c) => c.serviceId);

test("001 4.2's rules emerge from profiles, budget and context", () => {
  assert.equal(ids(base)[0], "claude-opus");
  assert.equal(ids({ ...base, kind: "social_sentiment", domain: "marketing" })[0], "grok-2");
  assert.equal(ids({ ...base, kind: "image_analysis" })[0], "gpt-4o");
  const longDocument = { ...base, kind: "long_document", inputTokens: 150_000, maxOutputTokens: 2_000, budgetUsd: 5 };
  assert.deepEqual(ids(longDocument), ["gemini-pro", "claude-opus"]);
  assert.equal(ids({ ...base, kind: "planning" })[0], "wasm-llama");
});

test("complex reasoning falls back to the best affordable service when claude-opus is over budget", () => {
  // claude-opus would cost up to 0.03 + 0.075; gpt-4o 0.01 + 0.015.
  const decision = router().decide({ ...base, budgetUsd: 0.03 });
  assert.ok(!decision.candidates.some((c) => c.serviceId === "claude-opus"));
  assert.ok(decision.candidates.every((c) => c.maxCostUsd <= 0.03));
  assert.match(decision.reason, /no service reaches threshold/);
  // Equal quality (neutral prior): the cheapest first; the local model (weak at reasoning) last.
  assert.deepEqual(
    decision.candidates.map((c) => c.serviceId),
    ["gemini-pro", "grok-2", "gpt-4o", "wasm-llama"],
  );
});

test("privacy-required work goes only to local services", () => {
  const decision = router().decide({ ...base, privacyRequired: true });
  assert.deepEqual(
    decision.candidates.map((c) => c.serviceId),
    ["wasm-llama"],
  );
  assert.match(decision.reason, /privacy required/);
  const cloudOnly = new Router({ services: DEFAULT_SERVICES.slice(1), quality: new QualityBook() });
  assert.throws(
    () => cloudOnly.decide({ ...base, privacyRequired: true }),
    (error: unknown) => {
      return (
        error instanceof NoLocalModelError &&
        error.name === "NoLocalModelError" &&
        /configure|add a service/.test(error.message)
      );
    },
  );
  // A private prompt larger than the local window has nowhere to go.
  assert.throws(() => router().decide({ ...base, privacyRequired: true, inputTokens: 9_000 }), NoEligibleServiceError);
});

test("nothing eligible names why, per service", () => {
  assert.throws(
    () => router().decide({ ...base, inputTokens: 1_500_000 }),
    (error: unknown) =>
      error instanceof NoEligibleServiceError &&
      error.excluded.every((entry) => entry.reason === "context") &&
      /shorten the prompt/.test(error.message),
  );
  const cloud = new Router({ services: DEFAULT_SERVICES.slice(1), quality: new QualityBook() });
  assert.throws(
    () => cloud.decide({ ...base, budgetUsd: 0.0001, inputTokens: 50_000 }),
    (error: unknown) =>
      error instanceof NoEligibleServiceError &&
      error.excluded.find((entry) => entry.serviceId === "claude-opus")?.reason === "budget" &&
      error.excluded.find((entry) => entry.serviceId === "grok-2")?.reason === "context" &&
      /raise the budget/.test(error.message),
  );
});

test("the threshold trades cost against quality", () => {
  const analysis = { ...base, kind: "analysis", domain: "science" };
  const quality = new QualityBook();
  // gpt-4o proves itself in science: posterior (4·0.6 + 16) / 20 = 0.92.
  for (let i = 0; i < 16; i++) void quality.record("gpt-4o", "science", 1);
  // At 0.8 both claude (0.85) and gpt-4o (0.92) qualify: the cheaper gpt-4o wins.
  assert.deepEqual(ids(analysis, router(0.8, quality)).slice(0, 2), ["gpt-4o", "claude-opus"]);
  // At 0.9 only gpt-4o qualifies; at 0.95 none does and quality decides.
  assert.equal(ids(analysis, router(0.9, quality))[0], "gpt-4o");
  assert.deepEqual(ids(analysis, router(0.95, quality)).slice(0, 2), ["gpt-4o", "claude-opus"]);
  // With a lax threshold every service qualifies and the free local model wins.
  assert.equal(ids(analysis, router(0.3, quality))[0], "wasm-llama");
});

test("the router learns: rejected outcomes demote a service, accepted ones promote another", () => {
  const quality = new QualityBook();
  const r = router(undefined, quality);
  assert.equal(ids(base, r)[0], "claude-opus");
  for (let i = 0; i < 10; i++) void quality.record("claude-opus", "legal", 0);
  for (let i = 0; i < 10; i++) void quality.record("gemini-pro", "legal", 1);
  const decision = r.decide(base);
  assert.equal(decision.candidates[0]!.serviceId, "gemini-pro");
  assert.equal(decision.candidates.at(-1)!.serviceId, "claude-opus");
  // Learning is per domain: claude still leads elsewhere.
  assert.equal(ids({ ...base, domain: "medicine" }, r)[0], "claude-opus");
});

test("decisions are fast enough for the benchmark target", () => {
  const { perSecond, decisions } = measureRouterDecisions(300);
  assert.ok(decisions > 0);
  assert.ok(perSecond >= 50_000, `router made ${perSecond} decisions per second, target 50,000`);
});
