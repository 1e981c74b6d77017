import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { type FakeProviders, startFakeProviders } from "../../test/support/fakeProviders.ts";
import { BudgetLedger } from "./budget.ts";
import { createCompleter } from "./complete.ts";
import { Cooldowns, QUOTA_COOLDOWN_MS, SERVER_ERROR_COOLDOWN_MS, TIMEOUT_COOLDOWN_MS } from "./cooldowns.ts";
import { BudgetExceededError, NoServiceAvailableError } from "./errors.ts";
import type { Completer, CompletionRequest, LlmService } from "./registry.ts";

const DEFAULT_MODELS = ["llama-3.2-3b-instruct", "claude-opus-4-1", "gpt-4o", "grok-2", "gemini-1.5-pro"];

describe("createCompleter", () => {
  let fake: FakeProviders;
  let redis: Redis;
  let prefix: string;
  let budget: BudgetLedger;
  let cooldowns: Cooldowns;
  let completer: Completer;
  let byId: (id: string) => LlmService;
  let request: CompletionRequest;

  before(async () => {
    fake = await startFakeProviders();
    redis = new Redis("redis://127.0.0.1:6379");
    const services = fake.services();
    byId = (id) => services.find((s) => s.id === id)!;
  });
  beforeEach(() => {
    prefix = `aos-test-${randomUUID()}`;
    budget = new BudgetLedger(redis, prefix);
    cooldowns = new Cooldowns(redis, prefix);
    completer = createCompleter({ redis, prefix, env: fake.env, budget, cooldowns, defaultTimeoutMs: 5_000 });
    request = {
      prompt: "Rate this answer.",
      system: "You are a judge.",
      maxOutputTokens: 200,
      budgetKey: "task-1",
      budgetUsd: 1,
    };
    for (const s of DEFAULT_MODELS) fake.script(s, {});
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  after(async () => {
    await redis.quit();
    await fake.close();
  });

  const requestsFor = (model: string) => fake.requests.filter((r) => r.model === model).length;
  const remainingCooldown = async (id: string) => ((await cooldowns.coolingUntil(id)) ?? Date.now()) - Date.now();

  it("answers from the first candidate and charges the cost of the reported usage", async () => {
    fake.script("gpt-4o", { reply: "7/10", usage: { inputTokens: 1000, outputTokens: 100 } });
    const completion = await completer.complete(request, [byId("gpt-4o"), byId("claude-opus")]);
    assert.equal(completion.text, "7/10");
    assert.equal(completion.serviceId, "gpt-4o");
    assert.equal(completion.model, "gpt-4o");
    assert.deepEqual(completion.usage, { inputTokens: 1000, outputTokens: 100 });
    assert.ok(Math.abs(completion.costUsd - (0.005 + 0.0015)) < 1e-12);
    assert.deepEqual(
      completion.attempts.map((a) => [a.serviceId, a.outcome]),
      [["gpt-4o", "ok"]],
    );
    assert.equal(await budget.spent("task-1"), 0.0065);
    assert.equal(await budget.reserved("task-1"), 0);
    assert.equal(fake.requests.at(-1)!.system, "You are a judge.");
  });

  it("falls back at once on a 429, honours Retry-After, skips the service while it cools and returns after", async () => {
    fake.script("gpt-4o", { fail: { kind: "rate_limit", retryAfterSeconds: 1 }, failTimes: 1 });
    const candidates = [byId("gpt-4o"), byId("claude-opus")];
    const earlier = requestsFor("gpt-4o");
    const first = await completer.complete(request, candidates);
    assert.equal(first.serviceId, "claude-opus");
    assert.deepEqual(
      first.attempts.map((a) => [a.serviceId, a.outcome]),
      [
        ["gpt-4o", "rate_limited"],
        ["claude-opus", "ok"],
      ],
    );
    assert.equal(requestsFor("gpt-4o") - earlier, 1, "no retry of the rate-limited provider");
    const wait = await remainingCooldown("gpt-4o");
    assert.ok(wait > 500 && wait <= 1000, `cooldown should follow Retry-After (1 s), is ${wait} ms`);
    assert.equal(await cooldowns.reason("gpt-4o"), "rate_limited");

    const second = await completer.complete(request, candidates);
    assert.equal(second.serviceId, "claude-opus");
    assert.equal(second.attempts[0]!.outcome, "cooling_down");
    assert.equal(requestsFor("gpt-4o") - earlier, 1, "a cooling service gets no request");

    await sleep(wait + 50);
    const third = await completer.complete(request, candidates);
    assert.equal(third.serviceId, "gpt-4o");
    assert.equal(requestsFor("gpt-4o") - earlier, 2);
  });

  it("falls back on a quota error and keeps the service off for the long quota cooldown", async () => {
    fake.script("claude-opus-4-1", { fail: { kind: "quota" } });
    const completion = await completer.complete(request, [byId("claude-opus"), byId("gemini-pro")]);
    assert.equal(completion.serviceId, "gemini-pro");
    assert.equal(completion.attempts[0]!.outcome, "quota");
    assert.match(completion.attempts[0]!.error ?? "", /credit balance/);
    const wait = await remainingCooldown("claude-opus");
    assert.ok(wait > QUOTA_COOLDOWN_MS - 5_000 && wait <= QUOTA_COOLDOWN_MS, `quota cooldown is ${wait} ms`);
  });

  it("falls back on a 500 and a 503 with the short server-error cooldown", async () => {
    fake.script("grok-2", { fail: { kind: "server_error" } });
    fake.script("gemini-1.5-pro", { fail: { kind: "server_error", status: 503 } });
    const completion = await completer.complete(request, [byId("grok-2"), byId("gemini-pro"), byId("wasm-llama")]);
    assert.equal(completion.serviceId, "wasm-llama");
    assert.deepEqual(
      completion.attempts.map((a) => a.outcome),
      ["server_error", "server_error", "ok"],
    );
    for (const id of ["grok-2", "gemini-pro"]) {
      const wait = await remainingCooldown(id);
      assert.ok(wait > SERVER_ERROR_COOLDOWN_MS - 5_000 && wait <= SERVER_ERROR_COOLDOWN_MS, `${id}: ${wait} ms`);
    }
    assert.equal(await cooldowns.isCooling("wasm-llama"), false);
    assert.equal(completion.costUsd, 0);
    assert.equal(await budget.reserved("task-1"), 0, "failed attempts give their reservation back");
  });

  it("abandons a provider slower than the timeout and falls back", async () => {
    fake.script("claude-opus-4-1", { delayMs: 3_000 });
    const started = Date.now();
    const completion = await completer.complete({ ...request, timeoutMs: 300 }, [byId("claude-opus"), byId("gpt-4o")]);
    assert.ok(Date.now() - started < 2_000, "the slow answer was not waited for");
    assert.equal(completion.serviceId, "gpt-4o");
    const [slow] = completion.attempts;
    assert.equal(slow!.outcome, "timeout");
    assert.ok(slow!.ms >= 250 && slow!.ms < 1_500, `timed out after ${slow!.ms} ms`);
    const wait = await remainingCooldown("claude-opus");
    assert.ok(wait > TIMEOUT_COOLDOWN_MS - 5_000 && wait <= TIMEOUT_COOLDOWN_MS);
  });

  it("records a bad request or a missing key as an error without cooldown and goes on", async () => {
    fake.script("gpt-4o", { fail: { kind: "bad_request" } });
    const unconfigured = createCompleter({
      redis,
      prefix,
      env: { ...fake.env, ANTHROPIC_API_KEY: undefined },
      budget,
      cooldowns,
    });
    const claudeRequests = requestsFor("claude-opus-4-1");
    const completion = await unconfigured.complete(request, [byId("claude-opus"), byId("gpt-4o"), byId("grok-2")]);
    assert.equal(completion.serviceId, "grok-2");
    assert.deepEqual(
      completion.attempts.map((a) => a.outcome),
      ["error", "error", "ok"],
    );
    assert.match(completion.attempts[0]!.error ?? "", /ANTHROPIC_API_KEY/);
    assert.equal(requestsFor("claude-opus-4-1"), claudeRequests);
    assert.equal(await cooldowns.isCooling("claude-opus"), false);
    assert.equal(await cooldowns.isCooling("gpt-4o"), false);
  });

  it("throws NoServiceAvailableError with every attempt when all candidates fail or cool down", async () => {
    await cooldowns.coolDown("gpt-4o", 60_000, "rate_limited");
    fake.script("claude-opus-4-1", { fail: { kind: "rate_limit" } });
    fake.script("gemini-1.5-pro", { fail: { kind: "server_error" } });
    await assert.rejects(
      completer.complete(request, [byId("gpt-4o"), byId("claude-opus"), byId("gemini-pro")]),
      (e) => {
        assert.ok(e instanceof NoServiceAvailableError);
        assert.equal(e.name, "NoServiceAvailableError");
        assert.deepEqual(
          e.attempts.map((a) => [a.serviceId, a.outcome]),
          [
            ["gpt-4o", "cooling_down"],
            ["claude-opus", "rate_limited"],
            ["gemini-pro", "server_error"],
          ],
        );
        assert.match(e.message, /claude-opus: rate_limited/);
        return true;
      },
    );
    assert.equal(await budget.spent("task-1"), 0);
    assert.equal(await budget.reserved("task-1"), 0);
    // A 429 without Retry-After cools for the default 30 s.
    const wait = await remainingCooldown("claude-opus");
    assert.ok(wait > 25_000 && wait <= 30_000, `${wait}`);
  });

  it("stops the whole call when the budget is used up, without calling any provider", async () => {
    const reservation = await budget.reserve("task-1", 0.01, 0.01);
    await budget.settle(reservation, 0.01);
    const count = fake.requests.length;
    await assert.rejects(
      completer.complete({ ...request, budgetUsd: 0.01 }, [byId("gpt-4o"), byId("claude-opus")]),
      (e) => {
        assert.ok(e instanceof BudgetExceededError);
        assert.deepEqual(
          e.attempts.map((a) => [a.serviceId, a.outcome]),
          [["gpt-4o", "budget"]],
        );
        return true;
      },
    );
    assert.equal(fake.requests.length, count);
  });

  it("succeeds on a provider that fails N times once its cooldown is over", async () => {
    fake.script("grok-2", { fail: { kind: "server_error" }, failTimes: 2 });
    const only = [byId("grok-2")];
    for (let i = 0; i < 2; i++) {
      await assert.rejects(completer.complete(request, only), NoServiceAvailableError);
      await cooldowns.clear("grok-2"); // as if the cooldown had passed
    }
    const completion = await completer.complete(request, only);
    assert.equal(completion.serviceId, "grok-2");
    assert.equal(completion.text, "echo: Rate this answer.");
  });
});
