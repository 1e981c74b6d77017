/**
 * The input of an LLM task, `aos/llm-task/1`: stored off-chain as dag-cbor and fetched by CID, so
 * it comes from strangers and is checked before any work: shape (MalformedTaskInputError, naming
 * the field) and size (OversizedTaskInputError), so one task cannot make a worker spend without
 * bound or run out of memory.
 */
import { z } from "zod";

export const LLM_TASK_SCHEMA = "aos/llm-task/1";

export const LLM_TASK_LIMITS = {
  promptChars: 100_000,
  systemChars: 20_000,
  /** All prompts together (main, system and subtasks). */
  totalPromptChars: 400_000,
  subtasks: 16,
  redundancy: 3,
  maxOutputTokens: 100_000,
  budgetUsd: 1_000,
  nameChars: 64,
} as const;

export class MalformedTaskInputError extends Error {
  override name = "MalformedTaskInputError";
}

export class OversizedTaskInputError extends Error {
  override name = "OversizedTaskInputError";
}

const name = z
  .string()
  .min(1)
  .max(LLM_TASK_LIMITS.nameChars)
  .regex(/^[a-z0-9_.-]+$/i, { error: "must use letters, digits, '_', '.' or '-'" });

export const llmSubtaskSchema = z.strictObject({
  id: name,
  kind: name,
  prompt: z.string().min(1).max(LLM_TASK_LIMITS.promptChars),
  redundancy: z.int().min(1).max(LLM_TASK_LIMITS.redundancy).optional(),
});

export const llmTaskInputSchema = z.strictObject({
  schema: z.literal(LLM_TASK_SCHEMA),
  kind: name,
  domain: name,
  prompt: z.string().min(1).max(LLM_TASK_LIMITS.promptChars),
  system: z.string().max(LLM_TASK_LIMITS.systemChars).optional(),
  maxOutputTokens: z.int().min(1).max(LLM_TASK_LIMITS.maxOutputTokens),
  temperature: z.number().min(0).max(2).optional(),
  privacyRequired: z.boolean().optional(),
  budgetUsd: z.number().finite().positive().max(LLM_TASK_LIMITS.budgetUsd),
  subtasks: z.array(llmSubtaskSchema).min(1).max(LLM_TASK_LIMITS.subtasks).optional(),
  plan: z.enum(["auto", "single"]).optional(),
});

export type LlmSubtask = z.infer<typeof llmSubtaskSchema>;
export type LlmTaskInput = z.infer<typeof llmTaskInputSchema>;

function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(input)";
}

/** Validates a decoded task input; throws a named error that says which field is wrong. */
export function parseLlmTaskInput(value: unknown): LlmTaskInput {
  // Cheap size checks first, before zod walks a huge array.
  if (typeof value === "object" && value !== null) {
    const subtasks = (value as { subtasks?: unknown }).subtasks;
    if (Array.isArray(subtasks) && subtasks.length > LLM_TASK_LIMITS.subtasks) {
      throw new OversizedTaskInputError(
        `LLM task input has ${subtasks.length} subtasks; at most ${LLM_TASK_LIMITS.subtasks} are allowed: merge or split the task`,
      );
    }
  }
  const parsed = llmTaskInputSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = pathOf(issue.path);
    if (issue.code === "too_big" && issue.origin !== "number" && issue.origin !== "int") {
      throw new OversizedTaskInputError(`LLM task input field ${field} is too large: ${issue.message}`);
    }
    throw new MalformedTaskInputError(`LLM task input field ${field} is invalid: ${issue.message}`);
  }
  const input = parsed.data;
  const ids = new Set<string>();
  let total = input.prompt.length + (input.system?.length ?? 0);
  for (const [index, subtask] of (input.subtasks ?? []).entries()) {
    if (ids.has(subtask.id)) {
      throw new MalformedTaskInputError(
        `LLM task input field subtasks[${index}].id repeats "${subtask.id}": ids must be unique`,
      );
    }
    ids.add(subtask.id);
    total += subtask.prompt.length;
  }
  if (total > LLM_TASK_LIMITS.totalPromptChars) {
    throw new OversizedTaskInputError(
      `LLM task input prompts total ${total} characters; at most ${LLM_TASK_LIMITS.totalPromptChars} are allowed`,
    );
  }
  return input;
}
