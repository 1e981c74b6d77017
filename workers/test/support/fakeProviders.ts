/**
 * A local HTTP server that answers like the real LLM providers, for tests of anything that calls
 * models through the AI SDK. One server speaks every wire format the providers use (see
 * src/llm/providers.ts), chosen by path:
 *
 *   POST /v1/chat/completions                  OpenAI Chat Completions (openai, openai-compatible)
 *   POST /v1/responses                         Responses API as xAI speaks it (xai)
 *   POST /v1/messages                          Anthropic Messages (anthropic)
 *   POST /v1beta/models/{model}:generateContent Google Gemini (google)
 *
 * Non-streaming only. The model is taken from the body (or the path, for Google), and each model's
 * behaviour can be scripted: reply text, usage, delay, and failures in the provider's own format.
 *
 *   const fake = await startFakeProviders();
 *   const services = fake.services();                  // the five defaults, pointed here
 *   fake.script("gpt-4o", { fail: { kind: "rate_limit", retryAfterSeconds: 2 }, failTimes: 1 });
 *   ... languageModelFor(service, fake.env) ...
 *   fake.requests                                      // what was asked, in order
 *   await fake.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_SERVICES, estimateTokens, type LlmService } from "../../src/llm/registry.ts";

/** The wire format a request arrived in. */
export type Wire = "openai-chat" | "xai-responses" | "anthropic-messages" | "google-generate";

export type Failure =
  /** HTTP 429, "slow down"; with a Retry-After header when retryAfterSeconds is given. */
  | { readonly kind: "rate_limit"; readonly retryAfterSeconds?: number }
  /** Out of credit, in the provider's wording and status (429 for OpenAI/xAI/Google, 400 for Anthropic) unless `status` is given. */
  | { readonly kind: "quota"; readonly status?: number }
  /** 500 (default) or 503, with the provider's error body. */
  | { readonly kind: "server_error"; readonly status?: 500 | 503 }
  /** 400 invalid request. */
  | { readonly kind: "bad_request" };

export interface Behaviour {
  /** The reply, fixed or computed from the last user message. Default: `echo: <prompt>`. */
  readonly reply?: string | ((prompt: string) => string);
  /** Token counts to report. Default: estimateTokens of system+prompt, and of the reply. */
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  /** Wait this long before answering (successes and failures alike). */
  readonly delayMs?: number;
  /** Answer with this failure... */
  readonly fail?: Failure;
  /** ...for only the first N requests after `script`, then succeed. Default: every request. */
  readonly failTimes?: number;
}

export interface RecordedRequest {
  readonly wire: Wire;
  readonly path: string;
  readonly model: string;
  /** The key the client sent (Authorization bearer, x-api-key or x-goog-api-key). */
  readonly apiKey: string | undefined;
  /** Text of the last user message, and of the system instructions. */
  readonly prompt: string;
  readonly system: string;
  readonly body: Record<string, unknown>;
  /** The status the fake answered with. */
  readonly status: number;
}

export interface FakeProviders {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** An env holding a test key for each default service's apiKeyEnv (e.g. OPENAI_API_KEY=test-key-gpt-4o). */
  readonly env: NodeJS.ProcessEnv;
  /** The five DEFAULT_SERVICES with their baseURL pointed at this server, each overridden by `base`. */
  services(base?: Partial<LlmService>): LlmService[];
  /** Sets how a model answers from now on (and restarts its failTimes count). */
  script(model: string, behaviour: Behaviour): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const BASE_PATH: Record<LlmService["provider"], string> = {
  anthropic: "/v1",
  openai: "/v1",
  xai: "/v1",
  "openai-compatible": "/v1",
  google: "/v1beta",
};

type Json = Record<string, unknown>;

/** Collects the text of a message's content in any of the four formats (string, parts with text). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map(textOf).join("");
  if (content && typeof content === "object") {
    const part = content as Json;
    if (typeof part.text === "string") return part.text;
    return textOf(part.content ?? part.parts ?? "");
  }
  return "";
}

function readPrompt(wire: Wire, body: Json): { prompt: string; system: string } {
  const messages = ((wire === "google-generate"
    ? body.contents
    : wire === "xai-responses"
      ? body.input
      : body.messages) ?? []) as Json[];
  const users = messages.filter((m) => m.role === "user");
  const prompt = textOf(users.at(-1) ?? "");
  const system =
    wire === "anthropic-messages"
      ? textOf(body.system ?? "")
      : wire === "google-generate"
        ? textOf(body.systemInstruction ?? "")
        : messages
            .filter((m) => m.role === "system" || m.role === "developer")
            .map(textOf)
            .join("\n");
  return { prompt, system };
}

function success(wire: Wire, model: string, text: string, input: number, output: number): Json {
  const created = Math.floor(Date.now() / 1000);
  switch (wire) {
    case "openai-chat":
      return {
        id: `chatcmpl-fake-${created}`,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
      };
    case "xai-responses":
      return {
        id: `resp-fake-${created}`,
        object: "response",
        created_at: created,
        model,
        status: "completed",
        output: [
          {
            type: "message",
            id: `msg-fake-${created}`,
            role: "assistant",
            status: "completed",
            content: [{ type: "output_text", text, annotations: [] }],
          },
        ],
        usage: { input_tokens: input, output_tokens: output, total_tokens: input + output },
      };
    case "anthropic-messages":
      return {
        id: `msg_fake_${created}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: input, output_tokens: output },
      };
    case "google-generate":
      return {
        candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
        modelVersion: model,
      };
  }
}

/** Status, extra headers and body of a failure, as each provider sends it. */
function failure(wire: Wire, f: Failure): { status: number; headers: Record<string, string>; body: Json } {
  const headers: Record<string, string> =
    f.kind === "rate_limit" && f.retryAfterSeconds !== undefined ? { "retry-after": String(f.retryAfterSeconds) } : {};
  const [status, message, code] = ((): [number, string, string] => {
    switch (f.kind) {
      case "rate_limit":
        // Google's wording mentions quota although it is a rate limit: classifiers must not read it as "out of credit".
        return [
          429,
          wire === "google-generate"
            ? "Resource has been exhausted (e.g. check quota)."
            : wire === "anthropic-messages"
              ? "This request would exceed your organization's rate limit of 50 requests per minute."
              : "Rate limit reached for requests per minute. Please try again later.",
          "rate_limit_exceeded",
        ];
      case "quota":
        return wire === "anthropic-messages"
          ? [
              f.status ?? 400,
              "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
              "invalid_request_error",
            ]
          : wire === "xai-responses"
            ? [
                f.status ?? 429,
                "Your team has either used all available credits or reached its monthly spending limit. Purchase more credits or raise your spending limit.",
                "Some resource has been exhausted",
              ]
            : [
                f.status ?? 429,
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
              ];
      case "server_error":
        return f.status === 503
          ? [503, "The model is overloaded. Please try again later.", "overloaded"]
          : [500, "The server had an error while processing your request.", "server_error"];
      case "bad_request":
        return [400, "Invalid request: the parameter 'model' is not valid.", "invalid_request_error"];
    }
  })();
  switch (wire) {
    case "openai-chat":
      return { status, headers, body: { error: { message, type: code, param: null, code } } };
    case "xai-responses":
      return { status, headers, body: { code, error: message } };
    case "anthropic-messages": {
      const type =
        f.kind === "rate_limit"
          ? "rate_limit_error"
          : f.kind === "server_error"
            ? status === 503
              ? "overloaded_error"
              : "api_error"
            : "invalid_request_error";
      return { status, headers, body: { type: "error", error: { type, message } } };
    }
    case "google-generate": {
      const googleStatus =
        status === 429
          ? "RESOURCE_EXHAUSTED"
          : status === 503
            ? "UNAVAILABLE"
            : status >= 500
              ? "INTERNAL"
              : "INVALID_ARGUMENT";
      return { status, headers, body: { error: { code: status, message, status: googleStatus } } };
    }
  }
}

function route(path: string, body: Json): { wire: Wire; model: string } | undefined {
  const google = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(path);
  if (google) return { wire: "google-generate", model: decodeURIComponent(google[1]!) };
  const model = typeof body.model === "string" ? body.model : "";
  if (path === "/v1/chat/completions") return { wire: "openai-chat", model };
  if (path === "/v1/responses") return { wire: "xai-responses", model };
  if (path === "/v1/messages") return { wire: "anthropic-messages", model };
  return undefined;
}

function apiKeyOf(req: IncomingMessage): string | undefined {
  const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, "");
  const key = bearer ?? req.headers["x-api-key"] ?? req.headers["x-goog-api-key"];
  return Array.isArray(key) ? key[0] : key;
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Json) : {};
}

export async function startFakeProviders(): Promise<FakeProviders> {
  const behaviours = new Map<string, { behaviour: Behaviour; seen: number }>();
  const requests: RecordedRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    const body = await readBody(req);
    const routed = req.method === "POST" ? route(path, body) : undefined;
    const send = (status: number, payload: Json, headers: Record<string, string> = {}): void => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!routed) {
      send(404, { error: { message: `The fake providers have no route for ${req.method} ${path}` } });
      return;
    }
    const { wire, model } = routed;
    const entry = behaviours.get(model) ?? { behaviour: {}, seen: 0 };
    behaviours.set(model, entry);
    const { behaviour } = entry;
    entry.seen += 1;
    const failing = behaviour.fail !== undefined && entry.seen <= (behaviour.failTimes ?? Number.POSITIVE_INFINITY);
    const { prompt, system } = readPrompt(wire, body);

    let status: number;
    let payload: Json;
    let headers: Record<string, string> = {};
    if (failing && behaviour.fail) {
      ({ status, headers, body: payload } = failure(wire, behaviour.fail));
    } else {
      const text =
        typeof behaviour.reply === "function" ? behaviour.reply(prompt) : (behaviour.reply ?? `echo: ${prompt}`);
      const usage = behaviour.usage ?? {
        inputTokens: estimateTokens(system + prompt),
        outputTokens: estimateTokens(text),
      };
      status = 200;
      payload = success(wire, model, text, usage.inputTokens, usage.outputTokens);
    }
    requests.push({ wire, path, model, apiKey: apiKeyOf(req), prompt, system, body, status });

    if (behaviour.delayMs) {
      const timer = setTimeout(() => send(status, payload, headers), behaviour.delayMs);
      // The client gave up (timeout): drop the pending answer so close() does not wait for it.
      res.on("close", () => clearTimeout(timer));
    } else {
      send(status, payload, headers);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `fake provider failed: ${String(e)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const env: NodeJS.ProcessEnv = {};
  for (const s of DEFAULT_SERVICES) if (s.apiKeyEnv) env[s.apiKeyEnv] = `test-key-${s.id}`;

  return {
    url,
    env,
    requests,
    services: (base = {}) =>
      DEFAULT_SERVICES.map((s) => ({ ...s, baseURL: `${url}${BASE_PATH[s.provider]}`, ...base })),
    script: (model, behaviour) => {
      behaviours.set(model, { behaviour, seen: 0 });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
