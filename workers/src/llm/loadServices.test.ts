import assert from "node:assert/strict";
import { test } from "node:test";
import { LlmConfigError, loadServices } from "./loadServices.ts";
import { DEFAULT_SERVICES } from "./registry.ts";

const ollama = {
  id: "ollama-qwen",
  provider: "openai-compatible",
  model: "qwen2.5:7b",
  locality: "local",
  baseURL: "http://127.0.0.1:11434/v1",
  strengths: ["privacy"],
  weaknesses: [],
  bestFor: ["simple_analysis"],
  inputPricePer1k: 0,
  outputPricePer1k: 0,
  maxContext: 32_768,
  latencyMs: 700,
};

test("no config gives the five defaults", () => {
  assert.deepEqual(loadServices(), [...DEFAULT_SERVICES]);
  assert.deepEqual(
    loadServices({ services: [] }).map((service) => service.id),
    DEFAULT_SERVICES.map((service) => service.id),
  );
});

test("a full new service is appended, an override changes only its fields and keeps its place", () => {
  const services = loadServices([ollama, { id: "claude-opus", model: "claude-opus-4-5", inputPricePer1k: 0.005 }]);
  assert.deepEqual(
    services.map((service) => service.id),
    ["wasm-llama", "claude-opus", "gpt-4o", "grok-2", "gemini-pro", "ollama-qwen"],
  );
  const opus = services.find((service) => service.id === "claude-opus")!;
  assert.equal(opus.model, "claude-opus-4-5");
  assert.equal(opus.inputPricePer1k, 0.005);
  assert.equal(opus.outputPricePer1k, 0.075);
  assert.deepEqual(opus.bestFor, DEFAULT_SERVICES[1]!.bestFor);
  assert.deepEqual(services.at(-1), ollama);
});

test("errors name the entry and the field", () => {
  assert.throws(
    () => loadServices([ollama, ollama, { id: "gpt-4o", inputPricePer1k: -1 }]),
    (error: unknown) =>
      error instanceof LlmConfigError &&
      error.name === "LlmConfigError" &&
      error.message === "llm.services[2].inputPricePer1k must be a non-negative number",
  );
  assert.throws(
    () => loadServices([{ ...ollama, maxContext: 0 }]),
    /llm\.services\[0\]\.maxContext must be a positive/,
  );
  const { model: _model, ...withoutModel } = ollama;
  assert.throws(() => loadServices([withoutModel]), /llm\.services\[0\]\.model is required/);
  assert.throws(() => loadServices([{ ...ollama, provider: "cohere" }]), /llm\.services\[0\]\.provider must be one of/);
  assert.throws(
    () => loadServices([{ id: "gpt-4o", temperature: 1 }]),
    /llm\.services\[0\]\.temperature is not a known setting/,
  );
  assert.throws(() => loadServices([{ ...ollama, id: "Bad|Id" }]), /llm\.services\[0\]\.id must be a lowercase name/);
  assert.throws(() => loadServices([{ ...ollama, baseURL: "file:///etc/passwd" }]), /llm\.services\[0\]\.baseURL/);
  assert.throws(() => loadServices(["gpt-4o"]), /llm\.services\[0\] must be an object/);
  assert.throws(() => loadServices({ services: "all" }), LlmConfigError);
});
