/**
 * The reliable LLM call: tries the router's candidates in order, charging each attempt to the
 * task's budget and falling back at once (no retry of the same provider) when a service is rate
 * limited, out of quota, failing or too slow, and putting that service in a shared cooldown so
 * the next calls skip it.
 */
import type { LanguageModel } from "ai";
import { generateText } from "ai";
import type { Redis } from "ioredis";
import type { Reservation } from "./budget.ts";
import { BudgetLedger } from "./budget.ts";
import { Cooldowns, cooldownMsFor } from "./cooldowns.ts";
import {
  BudgetExceededError,
  classifyProviderError,
  describeError,
  NoServiceAvailableError,
  retryAfterMs,
} from "./errors.ts";
import { languageModelFor } from "./providers.ts";
import type { Completer, Completion, CompletionAttempt, CompletionRequest, LlmService } from "./registry.ts";
import { costOf, estimateTokens } from "./registry.ts";

/** A call that has not answered by then is abandoned for the next candidate. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CompleterOptions {
  /** The shared Redis and key prefix; the budget ledger and cooldowns are built on them unless given. */
  readonly redis: Redis;
  readonly prefix: string;
  /** Where API keys are read from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly budget?: BudgetLedger;
  readonly cooldowns?: Cooldowns;
  readonly defaultTimeoutMs?: number;
  /** Builds the model of a service (default languageModelFor with `env`). */
  readonly modelFor?: (service: LlmService) => LanguageModel;
}

export function createCompleter(options: CompleterOptions): Completer {
  const budget = options.budget ?? new BudgetLedger(options.redis, options.prefix);
  const cooldowns = options.cooldowns ?? new Cooldowns(options.redis, options.prefix);
  const env = options.env ?? process.env;
  const modelFor = options.modelFor ?? ((service: LlmService) => languageModelFor(service, env));
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function complete(request: CompletionRequest, candidates: readonly LlmService[]): Promise<Completion> {
    const attempts: CompletionAttempt[] = [];
    const estimatedInput = estimateTokens(`${request.system ?? ""}${request.prompt}`);
    const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;

    for (const service of candidates) {
      const started = performance.now();
      const record = (outcome: CompletionAttempt["outcome"], error?: string): void => {
        const ms = Math.round(performance.now() - started);
        attempts.push(
          error === undefined ? { serviceId: service.id, outcome, ms } : { serviceId: service.id, outcome, ms, error },
        );
      };

      if (await cooldowns.isCooling(service.id)) {
        record("cooling_down");
        continue;
      }

      let model: LanguageModel;
      try {
        model = modelFor(service);
      } catch (e) {
        record("error", describeError(e));
        continue;
      }

      let reservation: Reservation;
      try {
        reservation = await budget.reserve(
          request.budgetKey,
          request.budgetUsd,
          costOf(service, estimatedInput, request.maxOutputTokens),
        );
      } catch (e) {
        if (e instanceof BudgetExceededError) {
          record("budget", e.message);
          throw new BudgetExceededError(e.budgetKey, e.limitUsd, e.committedUsd, attempts);
        }
        throw e;
      }

      let result: Awaited<ReturnType<typeof generateText>>;
      try {
        result = await generateText({
          model,
          instructions: request.system,
          prompt: request.prompt,
          maxOutputTokens: request.maxOutputTokens,
          temperature: request.temperature,
          // One try per provider: on failure the next candidate is faster than a backoff.
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        await budget.release(reservation);
        const outcome = classifyProviderError(e);
        const cooldownMs = cooldownMsFor(outcome, retryAfterMs(e));
        if (cooldownMs !== undefined) await cooldowns.coolDown(service.id, cooldownMs, outcome);
        record(outcome, describeError(e));
        continue;
      }

      // A provider that reports no usage is charged the maximum we reserved for it.
      const inputTokens = result.usage.inputTokens ?? estimatedInput;
      const outputTokens = result.usage.outputTokens ?? request.maxOutputTokens;
      const costUsd = costOf(service, inputTokens, outputTokens);
      await budget.settle(reservation, costUsd);
      record("ok");
      return {
        text: result.text,
        serviceId: service.id,
        model: service.model,
        usage: { inputTokens, outputTokens },
        costUsd,
        attempts,
      };
    }
    throw new NoServiceAvailableError(attempts);
  }

  return { complete };
}
