import assert from "node:assert/strict";
import { test } from "node:test";
import { LLM_TASK_LIMITS, MalformedTaskInputError, OversizedTaskInputError, parseLlmTaskInput } from "./llmTask.ts";

const valid = {
  schema: "aos/llm-task/1",
  kind: "complex_reasoning",
  domain: "legal",
  prompt: "Is this clause enforceable?",
  maxOutputTokens: 1000,
  budgetUsd: 0.5,
  subtasks: [{ id: "facts", kind: "simple_analysis", prompt: "List the facts", redundancy: 2 }],
  plan: "single",
};

const rejects = (value: unknown, kind: typeof MalformedTaskInputError, pattern: RegExp) =>
  assert.throws(
    () => parseLlmTaskInput(value),
    (error: unknown) => error instanceof kind && error.name === kind.name && pattern.test(error.message),
  );

test("a valid input parses unchanged", () => {
  assert.deepEqual(parseLlmTaskInput(valid), valid);
  const minimal = {
    schema: "aos/llm-task/1",
    kind: "fast_generation",
    domain: "general",
    prompt: "Hi",
    maxOutputTokens: 10,
    budgetUsd: 0.01,
  };
  assert.deepEqual(parseLlmTaskInput(minimal), minimal);
});

test("malformed inputs are rejected naming the field", () => {
  rejects(null, MalformedTaskInputError, /\(input\)/);
  rejects({ ...valid, schema: "aos/llm-task/2" }, MalformedTaskInputError, /field schema/);
  rejects({ ...valid, prompt: 42 }, MalformedTaskInputError, /field prompt/);
  rejects({ ...valid, budgetUsd: -1 }, MalformedTaskInputError, /field budgetUsd/);
  rejects({ ...valid, maxOutputTokens: 1.5 }, MalformedTaskInputError, /field maxOutputTokens/);
  rejects({ ...valid, temperature: 3 }, MalformedTaskInputError, /field temperature/);
  rejects({ ...valid, plan: "magic" }, MalformedTaskInputError, /field plan/);
  rejects({ ...valid, extra: true }, MalformedTaskInputError, /extra/);
  rejects(
    { ...valid, subtasks: [{ ...valid.subtasks[0], redundancy: 4 }] },
    MalformedTaskInputError,
    /field subtasks\[0\]\.redundancy/,
  );
  rejects(
    { ...valid, subtasks: [{ id: "a b", kind: "x", prompt: "p" }] },
    MalformedTaskInputError,
    /field subtasks\[0\]\.id/,
  );
  rejects(
    { ...valid, subtasks: [valid.subtasks[0], valid.subtasks[0]] },
    MalformedTaskInputError,
    /subtasks\[1\]\.id repeats "facts"/,
  );
});

test("oversized inputs are rejected as such", () => {
  rejects(
    { ...valid, prompt: "x".repeat(LLM_TASK_LIMITS.promptChars + 1) },
    OversizedTaskInputError,
    /field prompt is too large/,
  );
  const many = Array.from({ length: 17 }, (_, i) => ({ id: `s${i}`, kind: "x", prompt: "p" }));
  rejects({ ...valid, subtasks: many }, OversizedTaskInputError, /17 subtasks/);
  const huge = Array.from({ length: 1_000_000 }, () => 0);
  rejects({ ...valid, subtasks: huge }, OversizedTaskInputError, /1000000 subtasks/);
  const big = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, kind: "x", prompt: "y".repeat(90_000) }));
  rejects({ ...valid, subtasks: big }, OversizedTaskInputError, /prompts total/);
});
