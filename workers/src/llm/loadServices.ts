/**
 * The services a worker routes to: the registry's defaults merged with the operator's config.
 *
 * The config is the `llm.services` list (or an object holding it as `services`). Each entry either
 * names an id that already exists (a default, or an earlier entry) and overrides some of its fields,
 * or is a complete new service. Every entry is validated, and errors name the entry and the field,
 * e.g. "llm.services[2].inputPricePer1k must be a non-negative number", so the operator knows
 * exactly what to fix.
 */
import { z } from "zod";
import { DEFAULT_SERVICES, type LlmService } from "./registry.ts";

export class LlmConfigError extends Error {
  override name = "LlmConfigError";
}

/** What each field must be, in words an operator reads in an error. */
const FIELD_RULES: Record<keyof LlmService, string> = {
  id: "a lowercase name of letters, digits, '.', '_' or '-' (at most 64 characters)",
  provider: 'one of "anthropic", "openai", "google", "xai", "openai-compatible"',
  model: "a non-empty string",
  locality: 'either "local" or "cloud"',
  baseURL: "an http(s) URL",
  apiKeyEnv: "the name of an environment variable (letters, digits, '_')",
  strengths: "a list of non-empty strings",
  weaknesses: "a list of non-empty strings",
  bestFor: "a list of non-empty strings",
  inputPricePer1k: "a non-negative number",
  outputPricePer1k: "a non-negative number",
  maxContext: "a positive whole number of tokens",
  latencyMs: "a non-negative number of milliseconds",
};

// Ids double as Redis hash field prefixes in quality.ts (split at "|"), so they are restricted.
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const tagList = z.array(z.string().min(1)).max(64);
const price = z.number().finite().nonnegative();

const fullServiceSchema = z.strictObject({
  id: idSchema,
  provider: z.enum(["anthropic", "openai", "google", "xai", "openai-compatible"]),
  model: z.string().min(1),
  locality: z.enum(["local", "cloud"]),
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  strengths: tagList,
  weaknesses: tagList,
  bestFor: tagList,
  inputPricePer1k: price,
  outputPricePer1k: price,
  maxContext: z.int().positive(),
  latencyMs: z.number().finite().nonnegative(),
});

const overrideSchema = fullServiceSchema.partial().required({ id: true });

/** Builds the message for the first problem zod found in entry `index`. */
function describeIssue(index: number, issue: z.core.$ZodIssue): string {
  const where = `llm.services[${index}]`;
  const field = issue.path[0];
  if (issue.code === "unrecognized_keys") {
    return `${where}.${issue.keys.join(", ")} is not a known setting (known: ${Object.keys(FIELD_RULES).join(", ")})`;
  }
  if (typeof field === "string" && field in FIELD_RULES) {
    const rule = FIELD_RULES[field as keyof LlmService];
    const present = issue.code !== "invalid_type" || issue.input !== undefined;
    return present ? `${where}.${field} must be ${rule}` : `${where}.${field} is required: it must be ${rule}`;
  }
  return `${where}: ${issue.message}`;
}

function entriesOf(config: unknown): unknown[] {
  if (config === undefined || config === null) return [];
  if (Array.isArray(config)) return config;
  if (typeof config === "object" && "services" in config) {
    const services = (config as { services: unknown }).services;
    if (services === undefined) return [];
    if (Array.isArray(services)) return services;
  }
  throw new LlmConfigError("llm.services must be a list of services (full entries, or overrides with an existing id)");
}

/**
 * The defaults with the operator's entries applied in order. Overrides keep the service's position;
 * new services are appended. Throws LlmConfigError naming the entry and field on the first problem.
 */
export function loadServices(config?: unknown): LlmService[] {
  const services = new Map<string, LlmService>(DEFAULT_SERVICES.map((service) => [service.id, service]));
  entriesOf(config).forEach((entry, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new LlmConfigError(`llm.services[${index}] must be an object with at least an "id"`);
    }
    const id = (entry as { id?: unknown }).id;
    const existing = typeof id === "string" ? services.get(id) : undefined;
    const parsed = (existing ? overrideSchema : fullServiceSchema).safeParse(entry);
    if (!parsed.success) throw new LlmConfigError(describeIssue(index, parsed.error.issues[0]!));
    // Validate the merged service too: an override may not leave it inconsistent.
    const merged = fullServiceSchema.safeParse({ ...existing, ...dropUndefined(parsed.data) });
    if (!merged.success) throw new LlmConfigError(describeIssue(index, merged.error.issues[0]!));
    services.set(merged.data.id, dropUndefined(merged.data) as LlmService);
  });
  return [...services.values()];
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
