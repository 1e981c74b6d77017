import assert from "node:assert/strict";
import { test } from "node:test";
import * as dagCbor from "@ipld/dag-cbor";
import type { LlmTaskInput } from "./llmTask.ts";
import {
  AGREEMENT_SIMILARITY,
  answerSimilarity,
  normaliseAnswer,
  PLANNING_STEP_ID,
  type PlanStep,
  runPlan,
} from "./plan.ts";
import { QualityBook } from "./quality.ts";
import {
  type Completer,
  type Completion,
  type CompletionRequest,
  DEFAULT_SERVICES,
  type LlmService,
} from "./registry.ts";
import { Router } from "./router.ts";

/**
 * Test double for the completer: answers from the first candidate with a scripted text per service
 * and records every call (request and candidate ids), so tests can see what the models were sent.
 */
class ScriptedCompleter implements Completer {
  readonly calls: { request: CompletionRequest; candidates: string[] }[] = [];
  readonly script: (serviceId: string, request: CompletionRequest) => string;
  constructor(script: (serviceId: string, request: CompletionRequest) => string) {
    this.script = script;
  }
  async complete(request: CompletionRequest, candidates: readonly LlmService[]): Promise<Completion> {
    this.calls.push({ request, candidates: candidates.map((service) => service.id) });
    const service = candidates[0]!;
    return {
      text: this.script(service.id, request),
      serviceId: service.id,
      model: service.model,
      usage: { inputTokens: 100, outputTokens: 50 },
      costUsd: 0.001,
      attempts: [{ serviceId: service.id, outcome: "ok", ms: 1 }],
    };
  }
}

const task = (overrides: Partial<LlmTaskInput> = {}): LlmTaskInput => ({
  schema: "aos/llm-task/1",
  kind: "complex_reasoning",
  domain: "legal",
  prompt: "Is the non-compete clause enforceable in California?",
  maxOutputTokens: 500,
  budgetUsd: 1,
  ...overrides,
});

function deps(completer: Completer, onStep?: (step: PlanStep) => void) {
  const quality = new QualityBook();
  const router = new Router({ services: DEFAULT_SERVICES, quality });
  return {
    router,
    completer,
    quality,
    services: DEFAULT_SERVICES,
    budgetKey: "aos-test:budget:task-7",
    ...(onStep ? { onStep } : {}),
  };
}

test("answer similarity: normalised equality, else Jaccard of word sets", () => {
  assert.equal(normaliseAnswer("  The ANSWER: 3.5 km!  "), "the answer 3.5 km");
  assert.equal(answerSimilarity("No.", "no"), 1);
  assert.equal(answerSimilarity("Paris is the capital of France.", "The capital of France is Paris"), 1);
  assert.equal(answerSimilarity("it is legal in most states", "it is legal in many states"), 5 / 7);
  // Face-value contradictions: negation words, negating prefixes, disjoint numbers.
  assert.equal(answerSimilarity("yes it is", "no it is not"), 0);
  assert.equal(answerSimilarity("The answer is 42", "The answer is 43"), 0);
  assert.equal(answerSimilarity("void since 2008 under section 16600", "void under section 16600"), 4 / 6);
  assert.ok(answerSimilarity("The clause is unenforceable", "The clause is enforceable") < AGREEMENT_SIMILARITY);
});

test("one step: routed, completed with the task's budget key, result is plain dag-cbor data", async () => {
  const completer = new ScriptedCompleter(() => "No, California voids most non-competes.");
  const result = await runPlan(task(), deps(completer));
  assert.equal(completer.calls.length, 1);
  const call = completer.calls[0]!;
  assert.equal(call.request.budgetKey, "aos-test:budget:task-7");
  assert.equal(call.request.budgetUsd, 1);
  assert.equal(call.candidates[0], "claude-opus");
  assert.equal(result.answer, "No, California voids most non-competes.");
  assert.equal(result.confidence, 0.85);
  assert.equal(result.flaggedForReview, false);
  assert.deepEqual(result.models, ["claude-opus-4-1"]);
  assert.equal(result.costUsd, 0.001);
  assert.equal(result.steps[0]!.decision.serviceId, "claude-opus");
  assert.match(result.steps[0]!.decision.reason, /claude-opus/);
  assert.deepEqual(dagCbor.decode(dagCbor.encode(result)), result);
});

test("redundancy asks distinct services; agreement raises confidence", async () => {
  const completer = new ScriptedCompleter(() => "The clause is void under section 16600.");
  const steps: string[] = [];
  const input = task({
    subtasks: [
      { id: "law", kind: "complex_reasoning", prompt: "Which statute applies?", redundancy: 3 },
      { id: "tone", kind: "social_sentiment", prompt: "How do employees feel about it?" },
    ],
  });
  const result = await runPlan(
    input,
    deps(completer, (step) => steps.push(step.id)),
  );
  assert.deepEqual(steps, ["law", "tone"]);
  const law = result.steps[0]!;
  assert.equal(law.answers.length, 3);
  assert.equal(new Set(law.answers.map((answer) => answer.serviceId)).size, 3);
  // Each later call excludes the services already asked.
  assert.ok(!completer.calls[1]!.candidates.includes(law.answers[0]!.serviceId));
  assert.equal(law.disagreement, false);
  assert.ok(law.confidence > 0.85);
  assert.equal(result.steps[1]!.answers[0]!.serviceId, "grok-2");
  assert.equal(result.confidence, Math.min(law.confidence, result.steps[1]!.confidence));
  assert.match(result.answer, /### law\n.*\n\n### tone\n/);
  assert.equal(completer.calls.length, 4);
});

test("disagreement triggers one extra query; a majority settles it", async () => {
  const texts: Record<string, string> = {
    "claude-opus": "The clause is void under California law.",
    "gemini-pro": "The clause is fully enforceable everywhere.",
  };
  const completer = new ScriptedCompleter((id) => texts[id] ?? "Under California law the clause is void.");
  const input = task({ subtasks: [{ id: "law", kind: "complex_reasoning", prompt: "Enforceable?", redundancy: 2 }] });
  const result = await runPlan(input, deps(completer));
  const step = result.steps[0]!;
  assert.equal(completer.calls.length, 3);
  assert.equal(step.disagreement, true);
  assert.equal(step.flaggedForReview, false);
  assert.equal(step.aggregated, texts["claude-opus"]);
  assert.equal(result.flaggedForReview, false);
  assert.ok(step.confidence < 0.95 && step.confidence > 0.5);
});

test("still split after the extra query: flagged for human review, low confidence", async () => {
  const completer = new ScriptedCompleter((id) => `verdict from ${id}: ${id.length * 7} totally different words ${id}`);
  const input = task({ subtasks: [{ id: "law", kind: "complex_reasoning", prompt: "Enforceable?", redundancy: 2 }] });
  const result = await runPlan(input, deps(completer));
  const step = result.steps[0]!;
  assert.equal(step.answers.length, 3);
  assert.equal(step.disagreement, true);
  assert.equal(step.flaggedForReview, true);
  assert.equal(result.flaggedForReview, true);
  assert.ok(result.confidence < 0.5, `confidence ${result.confidence}`);
});

test("auto plan: the coordinator's JSON becomes the steps; invalid JSON falls back to one step", async () => {
  const plan = JSON.stringify([
    { id: "facts", kind: "simple_analysis", prompt: "List the facts." },
    { id: "law", kind: "complex_reasoning", prompt: "Apply the law.", redundancy: 1 },
  ]);
  const completer = new ScriptedCompleter((_, request) =>
    request.prompt.includes("JSON array") ? `Here is the plan:\n\`\`\`json\n${plan}\n\`\`\`` : "done",
  );
  const result = await runPlan(task({ plan: "auto" }), deps(completer));
  assert.deepEqual(
    result.steps.map((step) => [step.id, step.kind]),
    [
      [PLANNING_STEP_ID, "planning"],
      ["facts", "simple_analysis"],
      ["law", "complex_reasoning"],
    ],
  );
  assert.equal(completer.calls[0]!.candidates[0], "wasm-llama");
  assert.equal(result.answer, "### facts\ndone\n\n### law\ndone");

  const confused = new ScriptedCompleter((_, request) =>
    request.prompt.includes("JSON array") ? "[not json" : "answer",
  );
  const fallback = await runPlan(task({ plan: "auto" }), deps(confused));
  assert.deepEqual(
    fallback.steps.map((step) => step.id),
    [PLANNING_STEP_ID, "main"],
  );
  assert.equal(fallback.answer, "answer");
  assert.equal(confused.calls[1]!.request.prompt, task().prompt);
});

test("privacy: PII is stripped from every prompt before the completer sees it, and work stays local", async () => {
  const completer = new ScriptedCompleter(() => "ok");
  const input = task({
    kind: "simple_analysis",
    privacyRequired: true,
    system: "Reply to jane@example.com",
    prompt: "My card 4111 1111 1111 1111 and phone +1 (555) 123-4567 leaked.",
    subtasks: [
      { id: "a", kind: "simple_analysis", prompt: "SSN 123-45-6789 of the claimant", redundancy: 2 },
      { id: "b", kind: "simple_analysis", prompt: "IP 10.0.0.7 logged in" },
    ],
  });
  const result = await runPlan(input, deps(completer));
  assert.equal(completer.calls.length, 2);
  for (const call of completer.calls) {
    assert.deepEqual(call.candidates, ["wasm-llama"]);
    assert.equal(call.request.system, "Reply to [EMAIL]");
    assert.doesNotMatch(call.request.prompt, /123-45-6789|10\.0\.0\.7/);
  }
  assert.equal(completer.calls[0]!.request.prompt, "SSN [SSN] of the claimant");
  assert.equal(completer.calls[1]!.request.prompt, "IP [IP_ADDRESS] logged in");
  // Redundancy 2 with a single local model: the second call cannot be made, and the step says so.
  assert.deepEqual(result.steps[0]!.errors, ["no further eligible service to ask"]);
  assert.equal(result.steps[0]!.answers.length, 1);
  assert.equal(result.flaggedForReview, false);

  const auto = new ScriptedCompleter(() => "not a plan");
  const { subtasks: _subtasks, ...single } = input;
  await runPlan({ ...single, plan: "auto" }, deps(auto));
  assert.equal(auto.calls.length, 2);
  for (const call of auto.calls) assert.doesNotMatch(call.request.prompt, /4111|555\) 123/);
});
