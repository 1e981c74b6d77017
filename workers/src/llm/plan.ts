/**
 * The coordinator of 001 (sections 3.3 and 4.4): one LLM task becomes a plan of steps, each routed
 * and completed, answers aggregated by the expected quality ("karma") of their sources, conflicts
 * answered by one extra query and then by a flag for human review, with a confidence per step and
 * overall. The result is plain data, ready to be encoded as dag-cbor.
 *
 * Decomposition: explicit `subtasks` win; `plan: "auto"` asks the coordinator (routed as kind
 * "planning", which the local model is best for) for a JSON list of subtasks and falls back to one
 * step if the answer is not a valid list; otherwise the task is one step.
 *
 * Agreement: two answers agree when `answerSimilarity` ≥ AGREEMENT_SIMILARITY (0.6). Answers are
 * normalised (Unicode NFKC, lower case, split into words and numbers, punctuation dropped); equal
 * normalised answers have similarity 1. Answers that contradict on their face have similarity 0:
 * both state numbers but share none ("42" vs "43"), a negation word (no, not, never, …) appears in
 * only one, or a word of one is a word of the other with a negating prefix ("enforceable" vs
 * "unenforceable"). Otherwise it is the Jaccard index of their word sets (|A ∩ B| / |A ∪ B|). The
 * measure suits short, factual answers, the kind redundancy is for; long free-form answers from
 * different models rarely reach 0.6 and so tend to be flagged, which errs on the side of review.
 * Answers are grouped greedily, heaviest first, each joining the first group
 * whose leading answer it agrees with. More than one group is a disagreement: one extra query goes
 * to the next candidate not yet asked; the step is then settled if its heaviest group has at least
 * two answers and more than half the total weight, and flagged for human review otherwise.
 *
 * Confidence of a step: (1 − Π(1 − wᵢ) over the winning group) × (winning group's share of the
 * weight), where wᵢ is each source's expected quality: one answer gives its source's quality,
 * agreeing sources corroborate each other, dissent lowers it. Overall confidence is the lowest step
 * confidence (the answer is only as good as its weakest part); the planning call does not count.
 *
 * Budget: every call is charged by the completer to `budgetKey` (the task's budget, reserved
 * atomically in Redis). The router gets a fair share of what is left: the remaining budget divided
 * by the calls still planned, so the first step cannot starve the others.
 *
 * Privacy: with `privacyRequired`, PII is stripped from every prompt and system text before any
 * call (the router also keeps such work on local models).
 */
import type { LlmSubtask, LlmTaskInput } from "./llmTask.ts";
import { LLM_TASK_LIMITS, llmSubtaskSchema } from "./llmTask.ts";
import { stripPii } from "./pii.ts";
import type { QualityBook } from "./quality.ts";
import type { Completer, Completion, LlmService, RoutingDecision } from "./registry.ts";
import { estimateTokens } from "./registry.ts";
import type { Router } from "./router.ts";

export const AGREEMENT_SIMILARITY = 0.6;
export const PLANNING_STEP_ID = "plan";
export const PLANNING_MAX_OUTPUT_TOKENS = 2048;

export interface PlanAnswer {
  serviceId: string;
  model: string;
  text: string;
  costUsd: number;
  /** Expected quality of the source for this kind and domain: its weight in the aggregate. */
  weight: number;
}

export interface PlanDecisionSummary {
  serviceId: string;
  reason: string;
  candidates: { serviceId: string; expectedQuality: number; maxCostUsd: number }[];
}

export interface PlanStep {
  id: string;
  kind: string;
  decision: PlanDecisionSummary;
  answers: PlanAnswer[];
  aggregated: string;
  confidence: number;
  disagreement: boolean;
  flaggedForReview: boolean;
  /** Extra (redundant or tie-breaking) calls that could not be made, and why. */
  errors: string[];
}

export interface PlanResult {
  answer: string;
  confidence: number;
  flaggedForReview: boolean;
  steps: PlanStep[];
  costUsd: number;
  /** Distinct provider models that contributed, in order of first use. */
  models: string[];
}

export interface PlanDeps {
  router: Router;
  completer: Completer;
  quality: QualityBook;
  services: readonly LlmService[];
  /** Redis key of this task's budget (the completer reserves and charges it). */
  budgetKey: string;
  timeoutMs?: number;
  onStep?(step: PlanStep): void;
}

export class PlanError extends Error {
  override name = "PlanError";
}

/** Words and numbers of an answer, lower case, punctuation dropped (see the module comment). */
export function normaliseAnswer(text: string): string {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/\p{N}+(?:[.,]\p{N}+)*|\p{L}+/gu) ?? []
  ).join(" ");
}

const NEGATIONS = new Set(["no", "not", "never", "none", "neither", "nor", "cannot", "false", "incorrect", "without"]);
const NEGATING_PREFIX = /^(?:un|in|im|ir|il|non|dis)(.+)$/;

/** True when two word sets contradict on their face: see the module comment. */
function contradicts(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  const numbers = (words: ReadonlySet<string>) => [...words].filter((word) => /^\p{N}/u.test(word));
  const leftNumbers = numbers(left);
  const rightNumbers = numbers(right);
  if (leftNumbers.length > 0 && rightNumbers.length > 0 && !leftNumbers.some((n) => right.has(n))) return true;
  const onlyIn = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((word) => !b.has(word));
  const leftOnly = onlyIn(left, right);
  const rightOnly = onlyIn(right, left);
  if ([...leftOnly, ...rightOnly].some((word) => NEGATIONS.has(word))) return true;
  const negates = (words: readonly string[], other: ReadonlySet<string>) =>
    words.some((word) => {
      const base = NEGATING_PREFIX.exec(word)?.[1];
      return base !== undefined && other.has(base);
    });
  return negates(leftOnly, right) || negates(rightOnly, left);
}

/**
 * Similarity in [0, 1]: 1 for equal normalised answers; 0 when they contradict on their face;
 * otherwise the Jaccard index of their word sets.
 */
export function answerSimilarity(a: string, b: string): number {
  const left = normaliseAnswer(a);
  const right = normaliseAnswer(b);
  if (left === right) return 1;
  const leftWords = new Set(left.split(" ").filter(Boolean));
  const rightWords = new Set(right.split(" ").filter(Boolean));
  if (contradicts(leftWords, rightWords)) return 0;
  let shared = 0;
  for (const word of leftWords) if (rightWords.has(word)) shared++;
  const union = leftWords.size + rightWords.size - shared;
  return union === 0 ? 1 : shared / union;
}

interface Cluster {
  members: PlanAnswer[];
  weight: number;
}

function clusterAnswers(answers: readonly PlanAnswer[]): Cluster[] {
  const clusters: Cluster[] = [];
  const heaviestFirst = [...answers].sort((a, b) => b.weight - a.weight);
  for (const answer of heaviestFirst) {
    const home = clusters.find(
      (cluster) => answerSimilarity(cluster.members[0]!.text, answer.text) >= AGREEMENT_SIMILARITY,
    );
    if (home) {
      home.members.push(answer);
      home.weight += answer.weight;
    } else {
      clusters.push({ members: [answer], weight: answer.weight });
    }
  }
  return clusters.sort((a, b) => b.weight - a.weight || b.members.length - a.members.length);
}

function confidenceOf(winner: Cluster, answers: readonly PlanAnswer[]): number {
  const total = answers.reduce((sum, answer) => sum + answer.weight, 0);
  const share = total > 0 ? winner.weight / total : winner.members.length / answers.length;
  const allWrong = winner.members.reduce((product, answer) => product * (1 - clamp01(answer.weight)), 1);
  return clamp01((1 - allWrong) * share);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Reads the coordinator's subtask list; undefined when it is not a valid list. */
export function parseSubtaskList(text: string): LlmSubtask[] | undefined {
  const start = text.indexOf("[");
  const end = text.lastIndexOf("]");
  if (start < 0 || end <= start) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const parsed = llmSubtaskSchema.array().min(1).max(LLM_TASK_LIMITS.subtasks).safeParse(value);
  if (!parsed.success) return undefined;
  const ids = new Set(parsed.data.map((subtask) => subtask.id));
  return ids.size === parsed.data.length ? parsed.data : undefined;
}

const PLANNER_SYSTEM =
  "You are the coordinator of a multi-model task. Split the user's task into at most " +
  `${LLM_TASK_LIMITS.subtasks} self-contained subtasks. Reply with only a JSON array of objects ` +
  '{"id": string, "kind": string, "prompt": string, "redundancy": 1-3}. Use kinds such as complex_reasoning, ' +
  "code_generation, fast_generation, social_sentiment, long_document, simple_analysis, research. Use redundancy 2 or 3 " +
  "only for steps where a wrong answer is costly.";

interface StepPlan {
  id: string;
  kind: string;
  prompt: string;
  redundancy: number;
}

/** Runs a task: decompose, route and complete each step, aggregate, score. */
export async function runPlan(input: LlmTaskInput, deps: PlanDeps): Promise<PlanResult> {
  const servicesById = new Map(deps.services.map((service) => [service.id, service]));
  const privacy = input.privacyRequired === true;
  const clean = (text: string) => (privacy ? stripPii(text).text : text);
  const system = input.system === undefined ? undefined : clean(input.system);
  const steps: PlanStep[] = [];
  const models: string[] = [];
  let spent = 0;
  let pendingCalls = 0;

  const finish = (step: PlanStep) => {
    steps.push(step);
    deps.onStep?.(step);
  };

  /** One routed and completed call, excluding services already asked in this step. */
  const call = async (
    kind: string,
    prompt: string,
    maxOutputTokens: number,
    exclude: ReadonlySet<string>,
  ): Promise<{ decision: RoutingDecision; completion: Completion; answer: PlanAnswer } | undefined> => {
    const remaining = Math.max(0, input.budgetUsd - spent);
    const decision = deps.router.decide({
      kind,
      domain: input.domain,
      privacyRequired: privacy,
      budgetUsd: remaining / Math.max(1, pendingCalls),
      inputTokens: estimateTokens(prompt) + (system === undefined ? 0 : estimateTokens(system)),
      maxOutputTokens,
    });
    const candidates: LlmService[] = [];
    for (const candidate of decision.candidates) {
      const service = servicesById.get(candidate.serviceId);
      if (service && !exclude.has(service.id)) candidates.push(service);
    }
    if (candidates.length === 0) return undefined;
    const completion = await deps.completer.complete(
      {
        prompt,
        ...(system === undefined ? {} : { system }),
        maxOutputTokens,
        ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
        budgetKey: deps.budgetKey,
        budgetUsd: input.budgetUsd,
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      },
      candidates,
    );
    spent += completion.costUsd;
    pendingCalls = Math.max(0, pendingCalls - 1);
    if (!models.includes(completion.model)) models.push(completion.model);
    const source = servicesById.get(completion.serviceId);
    const weight = source ? deps.quality.expected(source, input.domain, kind) : 0;
    const answer: PlanAnswer = {
      serviceId: completion.serviceId,
      model: completion.model,
      text: completion.text,
      costUsd: completion.costUsd,
      weight,
    };
    return { decision, completion, answer };
  };

  const runStep = async (plan: StepPlan, maxOutputTokens: number): Promise<PlanStep> => {
    const asked = new Set<string>();
    const answers: PlanAnswer[] = [];
    const errors: string[] = [];
    const first = await call(plan.kind, plan.prompt, maxOutputTokens, asked);
    if (!first) throw new PlanError(`step ${plan.id}: the router returned no configured service`);
    asked.add(first.completion.serviceId);
    answers.push(first.answer);

    // Extra calls are best effort: the step stands on the answers it has.
    const askAnother = async (): Promise<boolean> => {
      try {
        const next = await call(plan.kind, plan.prompt, maxOutputTokens, asked);
        if (!next) {
          errors.push("no further eligible service to ask");
          return false;
        }
        asked.add(next.completion.serviceId);
        answers.push(next.answer);
        return true;
      } catch (error) {
        errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return false;
      }
    };
    for (let i = 1; i < plan.redundancy; i++) {
      if (!(await askAnother())) {
        pendingCalls = Math.max(0, pendingCalls - (plan.redundancy - i));
        break;
      }
    }

    let clusters = clusterAnswers(answers);
    const disagreement = clusters.length > 1;
    if (disagreement) {
      pendingCalls++;
      if (!(await askAnother())) pendingCalls = Math.max(0, pendingCalls - 1);
      clusters = clusterAnswers(answers);
    }
    const winner = clusters[0]!;
    const totalWeight = answers.reduce((sum, answer) => sum + answer.weight, 0);
    const settled =
      clusters.length === 1 ||
      (winner.members.length >= 2 &&
        (totalWeight > 0 ? winner.weight > totalWeight / 2 : winner.members.length > answers.length / 2));
    const decision = first.decision;
    return {
      id: plan.id,
      kind: plan.kind,
      decision: {
        serviceId: first.completion.serviceId,
        reason: decision.reason,
        candidates: decision.candidates.map((candidate) => ({ ...candidate })),
      },
      answers,
      aggregated: winner.members[0]!.text,
      confidence: confidenceOf(winner, answers),
      disagreement,
      flaggedForReview: !settled,
      errors,
    };
  };

  let stepPlans: StepPlan[];
  const toStep = (subtask: LlmSubtask): StepPlan => ({
    id: subtask.id,
    kind: subtask.kind,
    prompt: clean(subtask.prompt),
    redundancy: subtask.redundancy ?? 1,
  });
  if (input.subtasks) {
    stepPlans = input.subtasks.map(toStep);
  } else if (input.plan === "auto") {
    pendingCalls = 2; // the planning call, then at least one step
    const planning = await runStep(
      {
        id: PLANNING_STEP_ID,
        kind: "planning",
        prompt: `${PLANNER_SYSTEM}\n\nTask:\n${clean(input.prompt)}`,
        redundancy: 1,
      },
      Math.min(PLANNING_MAX_OUTPUT_TOKENS, input.maxOutputTokens),
    );
    finish(planning);
    const subtasks = parseSubtaskList(planning.aggregated);
    stepPlans = subtasks
      ? subtasks.map(toStep)
      : [{ id: "main", kind: input.kind, prompt: clean(input.prompt), redundancy: 1 }];
  } else {
    stepPlans = [{ id: "main", kind: input.kind, prompt: clean(input.prompt), redundancy: 1 }];
  }

  pendingCalls = stepPlans.reduce((sum, step) => sum + step.redundancy, 0);
  const workSteps: PlanStep[] = [];
  for (const plan of stepPlans) {
    const step = await runStep(plan, input.maxOutputTokens);
    workSteps.push(step);
    finish(step);
  }

  const answer =
    workSteps.length === 1
      ? workSteps[0]!.aggregated
      : workSteps.map((step) => `### ${step.id}\n${step.aggregated}`).join("\n\n");
  return {
    answer,
    confidence: workSteps.reduce((lowest, step) => Math.min(lowest, step.confidence), 1),
    flaggedForReview: workSteps.some((step) => step.flaggedForReview),
    steps,
    costUsd: spent,
    models,
  };
}
