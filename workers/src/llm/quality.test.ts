import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { Redis } from "ioredis";
import {
  InvalidOutcomeError,
  PRIOR_BEST_FOR,
  PRIOR_NEUTRAL,
  PRIOR_RELATED,
  priorMean,
  QualityBook,
} from "./quality.ts";
import { DEFAULT_SERVICES, type LlmService } from "./registry.ts";

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
const keyPrefix = `aos-test-${randomBytes(6).toString("hex")}:llm-quality`;
after(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const byId = (id: string): LlmService => DEFAULT_SERVICES.find((service) => service.id === id)!;

test("the prior favours services whose profile matches the work", () => {
  assert.equal(priorMean(byId("claude-opus"), "legal", "complex_reasoning"), PRIOR_BEST_FOR);
  assert.equal(priorMean(byId("grok-2"), "marketing", "social_sentiment"), PRIOR_BEST_FOR);
  // gemini-pro's strengths and best uses share no word with the work.
  assert.equal(priorMean(byId("gemini-pro"), "legal", "complex_reasoning"), PRIOR_NEUTRAL);
  // claude's "long_context" shares "long" with "long_document".
  assert.equal(priorMean(byId("claude-opus"), "general", "long_document"), PRIOR_RELATED);
  // wasm-llama's weakness "reasoning_depth" shares "reasoning" with the kind.
  assert.ok(priorMean(byId("wasm-llama"), "legal", "complex_reasoning") < PRIOR_NEUTRAL);
});

test("outcomes recorded by one worker move the posterior of another after refresh", async () => {
  const writer = new QualityBook({ redis, keyPrefix });
  const reader = new QualityBook({ redis, keyPrefix });
  const grok = byId("grok-2");
  assert.equal(reader.expected(grok, "finance", "social_sentiment"), PRIOR_BEST_FOR);

  for (let i = 0; i < 6; i++) await writer.record("grok-2", "finance", 0);
  await writer.record("grok-2", "finance", 0.5, 2);
  // The writer's own snapshot takes Redis's totals at once.
  assert.deepEqual(writer.evidence("grok-2", "finance"), { successes: 1, weight: 8 });
  // (4 · 0.85 + 1) / (4 + 8)
  assert.ok(Math.abs(writer.expected(grok, "finance", "social_sentiment") - 4.4 / 12) < 1e-9);

  // The reader sees nothing until it refreshes, then the same number; other domains are untouched.
  assert.equal(reader.expected(grok, "finance", "social_sentiment"), PRIOR_BEST_FOR);
  await reader.refresh();
  assert.ok(Math.abs(reader.expected(grok, "finance", "social_sentiment") - 4.4 / 12) < 1e-9);
  assert.equal(reader.expected(grok, "legal", "social_sentiment"), PRIOR_BEST_FOR);
  assert.equal(await redis.hget(`${keyPrefix}:weights`, "grok-2|finance"), "8");

  await writer.clear();
  await reader.refresh();
  assert.equal(reader.expected(grok, "finance", "social_sentiment"), PRIOR_BEST_FOR);
});

test("concurrent outcomes from many writers are all counted", async () => {
  const books = Array.from({ length: 5 }, () => new QualityBook({ redis, keyPrefix: `${keyPrefix}:c` }));
  await Promise.all(books.flatMap((book) => Array.from({ length: 20 }, () => book.record("gpt-4o", "software", 1))));
  await books[0]!.refresh();
  assert.deepEqual(books[0]!.evidence("gpt-4o", "software"), { successes: 100, weight: 100 });
  await books[0]!.clear();
});

test("invalid outcomes and weights are refused", async () => {
  const book = new QualityBook();
  await assert.rejects(book.record("gpt-4o", "x", 1.5), InvalidOutcomeError);
  await assert.rejects(book.record("gpt-4o", "x", Number.NaN), InvalidOutcomeError);
  await assert.rejects(book.record("gpt-4o", "x", 1, 0), InvalidOutcomeError);
  assert.deepEqual(book.evidence("gpt-4o", "x"), { successes: 0, weight: 0 });
});
