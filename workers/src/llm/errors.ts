/**
 * Named errors of the LLM call layer, and the mapping from what a provider answered to the
 * outcome the completer records (and the cooldown it puts the service in).
 */
import { APICallError, RetryError } from "ai";
import type { CompletionAttempt } from "./registry.ts";

/** A cloud service was chosen but the operator has not given it an API key (or a local one has no endpoint). */
export class ProviderNotConfiguredError extends Error {
  override name = "ProviderNotConfiguredError";
  readonly serviceId: string;
  readonly envVariable: string | undefined;
  constructor(serviceId: string, envVariable: string | undefined, what?: string) {
    super(
      what ??
        (envVariable
          ? `LLM service "${serviceId}" needs an API key: set the environment variable ${envVariable}, or remove the service from the worker's services.`
          : `LLM service "${serviceId}" is a cloud service without apiKeyEnv: name the environment variable holding its key in the services config.`),
    );
    this.serviceId = serviceId;
    this.envVariable = envVariable;
  }
}

/** The task's budget has no room for another call: the coordinator must stop spending on this task. */
export class BudgetExceededError extends Error {
  override name = "BudgetExceededError";
  readonly budgetKey: string;
  readonly limitUsd: number;
  readonly committedUsd: number;
  /** The attempts made before the budget stopped the call (empty when the ledger was asked directly). */
  readonly attempts: readonly CompletionAttempt[];
  constructor(budgetKey: string, limitUsd: number, committedUsd: number, attempts: readonly CompletionAttempt[] = []) {
    super(
      `Budget "${budgetKey}" is used up: $${committedUsd.toFixed(6)} spent or reserved of $${limitUsd.toFixed(6)}. ` +
        "Raise the task's LLM budget or stop the task.",
    );
    this.budgetKey = budgetKey;
    this.limitUsd = limitUsd;
    this.committedUsd = committedUsd;
    this.attempts = attempts;
  }
}

/** Every candidate failed or is cooling down. The attempts say why, one per candidate. */
export class NoServiceAvailableError extends Error {
  override name = "NoServiceAvailableError";
  readonly attempts: readonly CompletionAttempt[];
  constructor(attempts: readonly CompletionAttempt[]) {
    const summary = attempts.map((a) => `${a.serviceId}: ${a.outcome}${a.error ? ` (${a.error})` : ""}`).join("; ");
    super(
      attempts.length === 0
        ? "No LLM service was offered for this call: configure at least one service the router may choose."
        : `No LLM service could answer: ${summary}. Retry later (cooldowns pass) or configure more services.`,
    );
    this.attempts = attempts;
  }
}

type Outcome = CompletionAttempt["outcome"];

/** Bodies that mean "out of credit" rather than "slow down", in the wording of each provider. */
const QUOTA_MESSAGE =
  /insufficient_quota|exceeded your current quota|credit balance|available credits|spending limit|billing|payment required/i;

/** The AI SDK wraps the last error in a RetryError when it retried; with maxRetries 0 it usually does not. */
function unwrap(e: unknown): unknown {
  return RetryError.isInstance(e) ? e.lastError : e;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError" || e.name === "ResponseAborted");
}

/**
 * What kind of failure a provider call ended in. Rate limits, quota, server errors and timeouts
 * put the service in cooldown; "error" (bad request, unparsable answer, ...) does not.
 */
export function classifyProviderError(e: unknown): Outcome {
  const error = unwrap(e);
  if (error instanceof ProviderNotConfiguredError) return "error";
  if (error instanceof BudgetExceededError) return "budget";
  if (isAbort(error) || (error instanceof Error && isAbort(error.cause))) return "timeout";
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const text = `${error.message} ${error.responseBody ?? ""}`;
    if (status === 402 || QUOTA_MESSAGE.test(text)) return "quota";
    if (status === 429) return "rate_limited";
    if (status === 408) return "timeout";
    // No status: the request never got an answer (connection refused or reset): the service is down for now.
    if (status === undefined || status >= 500) return "server_error";
    return "error";
  }
  return "error";
}

/** The wait a provider asked for (Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms), if any. */
export function retryAfterMs(e: unknown, now: number = Date.now()): number | undefined {
  const error = unwrap(e);
  if (!APICallError.isInstance(error) || !error.responseHeaders) return undefined;
  const headers = Object.fromEntries(Object.entries(error.responseHeaders).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short, single-line description of a failure for the attempt log. */
export function describeError(e: unknown): string {
  const error = unwrap(e);
  if (APICallError.isInstance(error)) {
    return `${error.statusCode ?? "no answer"}: ${error.message}`.slice(0, 300);
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
