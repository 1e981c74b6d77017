/**
 * One AI SDK language model per configured service.
 *
 * Which wire API each provider speaks (checked in the installed @ai-sdk packages):
 * - openai: the default `openai(model)` calls the Responses API (`/responses`); we pick Chat
 *   Completions (`.chat()`, `POST {baseURL}/chat/completions`) on purpose: it is the API every
 *   OpenAI-compatible proxy implements, and we need nothing the Responses API adds.
 * - xai: @ai-sdk/xai 5 has only the Responses API (`POST {baseURL}/responses`).
 * - openai-compatible (Ollama, llama.cpp, vLLM): `POST {baseURL}/chat/completions`.
 * - anthropic: the Messages API, `POST {baseURL}/messages` (default baseURL ends in /v1).
 * - google: `POST {baseURL}/models/{model}:generateContent` (default baseURL ends in /v1beta).
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createXai } from "@ai-sdk/xai";
import type { LanguageModel } from "ai";
import { ProviderNotConfiguredError } from "./errors.ts";
import type { LlmService } from "./registry.ts";

/**
 * Built models, per service id. The signature holds everything the model was built from, so a
 * service re-pointed at another endpoint or given another key gets a fresh model.
 */
const cache = new Map<string, { signature: string; model: LanguageModel }>();

function apiKeyOf(service: LlmService, env: NodeJS.ProcessEnv): string | undefined {
  const key = service.apiKeyEnv ? env[service.apiKeyEnv]?.trim() : undefined;
  if (service.locality === "cloud" && !key) throw new ProviderNotConfiguredError(service.id, service.apiKeyEnv);
  return key || undefined;
}

function build(service: LlmService, apiKey: string | undefined): LanguageModel {
  const { baseURL, model } = service;
  switch (service.provider) {
    case "anthropic":
      return createAnthropic({ baseURL, apiKey })(model);
    case "openai":
      return createOpenAI({ baseURL, apiKey }).chat(model);
    case "google":
      return createGoogleGenerativeAI({ baseURL, apiKey })(model);
    case "xai":
      return createXai({ baseURL, apiKey }).responses(model);
    case "openai-compatible":
      if (!baseURL) {
        throw new ProviderNotConfiguredError(
          service.id,
          undefined,
          `LLM service "${service.id}" is OpenAI-compatible but has no baseURL: set it to the server's /v1 endpoint, e.g. http://127.0.0.1:8080/v1.`,
        );
      }
      return createOpenAICompatible({ name: service.id, baseURL, apiKey }).chatModel(model);
  }
}

/**
 * The AI SDK model for a service, its key read from `env[service.apiKeyEnv]` (never from any other
 * variable). Throws ProviderNotConfiguredError for a cloud service without its key.
 */
export function languageModelFor(service: LlmService, env: NodeJS.ProcessEnv = process.env): LanguageModel {
  const apiKey = apiKeyOf(service, env);
  const signature = JSON.stringify([service.provider, service.model, service.baseURL ?? "", apiKey ?? ""]);
  const cached = cache.get(service.id);
  if (cached?.signature === signature) return cached.model;
  const model = build(service, apiKey);
  cache.set(service.id, { signature, model });
  return model;
}
