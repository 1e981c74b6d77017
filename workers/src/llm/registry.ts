/**
 * The LLM services a worker may route to, and the shapes the router, the completer and the
 * coordinator share. The five defaults are the registry of the white paper (001, section 4.1),
 * with input and output prices per 1k tokens (the paper gives one price: the input price; the
 * output price follows each provider's published ratio). Operators add or override services
 * from a config file (see loadServices.ts).
 */

/** Which AI SDK provider speaks to a service. "openai-compatible" covers Ollama, llama.cpp's server, vLLM. */
export type ProviderKind = "anthropic" | "openai" | "google" | "xai" | "openai-compatible";

export interface LlmService {
  /** Registry key, e.g. "claude-opus"; routing decisions, quality and cooldowns are kept per id. */
  readonly id: string;
  readonly provider: ProviderKind;
  /** The provider's model id, e.g. "claude-opus-4-1". */
  readonly model: string;
  /** "local" services run on the operator's machine: the only ones allowed for privacy-required work. */
  readonly locality: "local" | "cloud";
  /** Overrides the provider's default endpoint (local servers, proxies, tests). */
  readonly baseURL?: string;
  /** Name of the environment variable holding the API key; local servers may need none. */
  readonly apiKeyEnv?: string;
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
  /** Task kinds this service is best at (matched against a request's kind). */
  readonly bestFor: readonly string[];
  /** USD per 1,000 tokens. */
  readonly inputPricePer1k: number;
  readonly outputPricePer1k: number;
  /** Context window in tokens (prompt plus output). */
  readonly maxContext: number;
  /** Typical latency of an answer, milliseconds. */
  readonly latencyMs: number;
}

export const DEFAULT_SERVICES: readonly LlmService[] = [
  {
    id: "wasm-llama",
    provider: "openai-compatible",
    model: "llama-3.2-3b-instruct",
    locality: "local",
    baseURL: "http://127.0.0.1:8080/v1",
    strengths: ["privacy", "coordination", "low_cost"],
    weaknesses: ["speed", "context_window", "reasoning_depth"],
    bestFor: ["planning", "routing", "simple_analysis", "privacy_critical"],
    inputPricePer1k: 0,
    outputPricePer1k: 0,
    maxContext: 8192,
    latencyMs: 500,
  },
  {
    id: "claude-opus",
    provider: "anthropic",
    model: "claude-opus-4-1",
    locality: "cloud",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    strengths: ["reasoning", "code", "accuracy", "long_context"],
    weaknesses: ["cost", "latency"],
    bestFor: ["complex_reasoning", "code_generation", "research", "analysis"],
    inputPricePer1k: 0.015,
    outputPricePer1k: 0.075,
    maxContext: 200_000,
    latencyMs: 2000,
  },
  {
    id: "gpt-4o",
    provider: "openai",
    model: "gpt-4o",
    locality: "cloud",
    apiKeyEnv: "OPENAI_API_KEY",
    strengths: ["speed", "multimodal", "function_calling"],
    weaknesses: [],
    bestFor: ["fast_generation", "image_analysis", "structured_output"],
    inputPricePer1k: 0.005,
    outputPricePer1k: 0.015,
    maxContext: 128_000,
    latencyMs: 800,
  },
  {
    id: "grok-2",
    provider: "xai",
    model: "grok-2",
    locality: "cloud",
    apiKeyEnv: "XAI_API_KEY",
    strengths: ["real_time_data", "twitter_integration", "current_events"],
    weaknesses: [],
    bestFor: ["sentiment_analysis", "social_media", "trending_topics", "social_sentiment"],
    inputPricePer1k: 0.002,
    outputPricePer1k: 0.01,
    maxContext: 32_000,
    latencyMs: 600,
  },
  {
    id: "gemini-pro",
    provider: "google",
    model: "gemini-1.5-pro",
    locality: "cloud",
    apiKeyEnv: "GOOGLE_GENERATIVE_AI_API_KEY",
    strengths: ["multimodal", "google_integration", "search"],
    weaknesses: [],
    bestFor: ["document_analysis", "search_integration", "long_documents", "long_document"],
    inputPricePer1k: 0.00125,
    outputPricePer1k: 0.005,
    maxContext: 1_000_000,
    latencyMs: 1000,
  },
];

/** What the router is asked for one call. */
export interface RouteRequest {
  /** Task kind, e.g. "complex_reasoning", "sentiment_analysis" (001's vocabulary). */
  readonly kind: string;
  /** The karma domain the outcome is judged in (quality is learned per service and domain). */
  readonly domain: string;
  readonly privacyRequired: boolean;
  /** Most the call may cost, USD. */
  readonly budgetUsd: number;
  /** Estimated prompt tokens. */
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
}

/** The router's answer: candidates best first (the completer falls back down the list). */
export interface RoutingDecision {
  readonly request: RouteRequest;
  readonly candidates: readonly {
    readonly serviceId: string;
    readonly expectedQuality: number;
    readonly maxCostUsd: number;
  }[];
  /** One line a person can read: why the first candidate won. */
  readonly reason: string;
}

/** One call to a language model, as the coordinator asks for it. */
export interface CompletionRequest {
  readonly prompt: string;
  readonly system?: string;
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  /** Redis key of the budget this call is charged to (one per task), and its limit in USD. */
  readonly budgetKey: string;
  readonly budgetUsd: number;
  readonly timeoutMs?: number;
}

export interface CompletionAttempt {
  readonly serviceId: string;
  readonly outcome: "ok" | "rate_limited" | "quota" | "server_error" | "timeout" | "cooling_down" | "budget" | "error";
  readonly error?: string;
  readonly ms: number;
}

export interface Completion {
  readonly text: string;
  readonly serviceId: string;
  readonly model: string;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly costUsd: number;
  readonly attempts: readonly CompletionAttempt[];
}

/** Calls the candidates in order, falling back on retryable failures (complete.ts implements it). */
export interface Completer {
  complete(request: CompletionRequest, candidates: readonly LlmService[]): Promise<Completion>;
}

/** USD cost of a call from token counts. */
export function costOf(service: LlmService, inputTokens: number, outputTokens: number): number {
  return (inputTokens * service.inputPricePer1k + outputTokens * service.outputPricePer1k) / 1000;
}

/** A rough token count (about 4 characters per token) for budgeting before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
