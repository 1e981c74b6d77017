import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateText } from "ai";
import { type FakeProviders, startFakeProviders, type Wire } from "../../test/support/fakeProviders.ts";
import { classifyProviderError, ProviderNotConfiguredError, retryAfterMs } from "./errors.ts";
import { languageModelFor } from "./providers.ts";
import { costOf, type LlmService } from "./registry.ts";

/** The wire each default service must use, and the USD a 1,200 in / 300 out call costs at the registry's prices. */
const EXPECTED: Record<string, { wire: Wire; path: RegExp; costUsd: number }> = {
  "wasm-llama": { wire: "openai-chat", path: /^\/v1\/chat\/completions$/, costUsd: 0 },
  "claude-opus": { wire: "anthropic-messages", path: /^\/v1\/messages$/, costUsd: 0.018 + 0.0225 },
  "gpt-4o": { wire: "openai-chat", path: /^\/v1\/chat\/completions$/, costUsd: 0.006 + 0.0045 },
  "grok-2": { wire: "xai-responses", path: /^\/v1\/responses$/, costUsd: 0.0024 + 0.003 },
  "gemini-pro": {
    wire: "google-generate",
    path: /^\/v1beta\/models\/gemini-1\.5-pro:generateContent$/,
    costUsd: 0.0015 + 0.0015,
  },
};

describe("languageModelFor", () => {
  let fake: FakeProviders;
  let services: LlmService[];
  before(async () => {
    fake = await startFakeProviders();
    services = fake.services();
  });
  after(() => fake.close());

  for (const id of Object.keys(EXPECTED)) {
    it(`${id} answers in its provider's wire format, with its key, usage and cost`, async () => {
      const service = services.find((s) => s.id === id)!;
      const expected = EXPECTED[id]!;
      fake.script(service.model, {
        reply: (prompt) => `${id} read: ${prompt.toUpperCase()}`,
        usage: { inputTokens: 1200, outputTokens: 300 },
      });
      const before = fake.requests.length;
      const result = await generateText({
        model: languageModelFor(service, fake.env),
        instructions: "Answer in one line.",
        prompt: "summarise the task",
        maxOutputTokens: 400,
        maxRetries: 0,
      });

      assert.equal(result.text, `${id} read: SUMMARISE THE TASK`);
      assert.equal(result.usage.inputTokens, 1200);
      assert.equal(result.usage.outputTokens, 300);
      assert.ok(Math.abs(costOf(service, 1200, 300) - expected.costUsd) < 1e-12);

      assert.equal(fake.requests.length, before + 1);
      const request = fake.requests.at(-1)!;
      assert.equal(request.wire, expected.wire);
      assert.match(request.path, expected.path);
      assert.equal(request.model, service.model);
      assert.equal(request.prompt, "summarise the task");
      assert.equal(request.system, "Answer in one line.");
      assert.equal(request.apiKey, service.apiKeyEnv ? `test-key-${id}` : undefined);
    });
  }

  it("classifies each provider's rate limit, quota and server errors the same way", async () => {
    for (const service of services) {
      const model = languageModelFor(service, fake.env);
      const cases = [
        [{ kind: "rate_limit", retryAfterSeconds: 7 }, "rate_limited", 7000],
        [{ kind: "quota" }, "quota", undefined],
        [{ kind: "server_error", status: 503 }, "server_error", undefined],
        [{ kind: "bad_request" }, "error", undefined],
      ] as const;
      for (const [fail, outcome, wait] of cases) {
        fake.script(service.model, { fail });
        const error = await generateText({ model, prompt: "x", maxRetries: 0 }).then(
          () => assert.fail(`${service.id} should have failed with ${fail.kind}`),
          (e: unknown) => e,
        );
        assert.equal(classifyProviderError(error), outcome, `${service.id} ${fail.kind}`);
        assert.equal(retryAfterMs(error), wait, `${service.id} ${fail.kind} Retry-After`);
      }
    }
  });

  it("throws ProviderNotConfiguredError naming the variable when a cloud service has no key", () => {
    const claude = services.find((s) => s.id === "claude-opus")!;
    assert.throws(
      () => languageModelFor(claude, { ...fake.env, ANTHROPIC_API_KEY: "" }),
      (e: unknown) =>
        e instanceof ProviderNotConfiguredError &&
        e.name === "ProviderNotConfiguredError" &&
        e.envVariable === "ANTHROPIC_API_KEY" &&
        e.message.includes("ANTHROPIC_API_KEY"),
    );
    // A key in process.env under another name is not picked up: only env[service.apiKeyEnv] counts.
    assert.throws(() => languageModelFor({ ...claude, apiKeyEnv: undefined }, fake.env), ProviderNotConfiguredError);
  });

  it("needs no key for a local service, but a baseURL for an OpenAI-compatible one", async () => {
    const local = services.find((s) => s.id === "wasm-llama")!;
    fake.script(local.model, {});
    const result = await generateText({ model: languageModelFor(local, {}), prompt: "hi", maxRetries: 0 });
    assert.equal(result.text, "echo: hi");
    assert.throws(() => languageModelFor({ ...local, baseURL: undefined }, {}), ProviderNotConfiguredError);
  });

  it("caches the model per service and rebuilds it when the endpoint or key changes", () => {
    const gpt = services.find((s) => s.id === "gpt-4o")!;
    const first = languageModelFor(gpt, fake.env);
    assert.equal(languageModelFor({ ...gpt }, fake.env), first);
    assert.notEqual(languageModelFor({ ...gpt, baseURL: `${fake.url}/other/v1` }, fake.env), first);
    assert.notEqual(languageModelFor(gpt, { ...fake.env, OPENAI_API_KEY: "rotated" }), first);
  });
});
