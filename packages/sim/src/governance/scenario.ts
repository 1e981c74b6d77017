/**
 * Governance scenarios are data: a JSON object merged over SCENARIO_DEFAULTS and
 * validated field by field, so a scenario file written by a user (or sent to a
 * worker as a job payload) fails with the path of the bad field, never with a
 * crash deep inside a run.
 */
import {
  type DeepPartial,
  type GovernanceParams,
  GovernanceParamsError,
  mergeGovernanceParams,
} from "../../../params/src/governance.ts";
import normalOperation from "./scenarios/normal_operation.json" with { type: "json" };
import securityAttack from "./scenarios/security_attack.json" with { type: "json" };
import skillEcosystemGrowth from "./scenarios/skill_ecosystem_growth.json" with { type: "json" };
import stressTest from "./scenarios/stress_test.json" with { type: "json" };

export const MALICIOUS_STRATEGIES = ["byzantine", "spam", "collusion", "flip"] as const;
export type MaliciousStrategy = (typeof MALICIOUS_STRATEGIES)[number];

export interface PartitionSpec {
  /** Tick at which the partition starts. */
  startTick: number;
  durationTicks: number;
  /** Share of all bot slots (honest and malicious alike, chosen at random) cut off. */
  fraction: number;
  /** The attacker picks its side: malicious bots are never cut off (default false). */
  sparesMalicious?: boolean;
}

export interface GovernanceScenario {
  name: string;
  description: string;
  /** Bots at the start (Sybil identities and growth come on top). */
  bots: number;
  tickSeconds: number;
  /** Ticks during which new proposals arrive; the run then drains until every proposal is final. */
  durationTicks: number;
  /** Expected ordinary proposals per tick (Poisson), proposer drawn from the population. */
  proposalRate: number;
  /**
   * Expected agent requests per tick: action batches registered agents submit straight to
   * the timelock (no vote), paid from their action budget; only the human veto stops them.
   */
  agentRequestRate: number;
  /** Stop creating proposals after this many (0: no limit). */
  proposalLimit: number;
  /** Probability that an honest proposer's proposal is good (ground truth); the rest are honest mistakes. */
  goodProposalProbability: number;
  /** Mean delay from a proposal becoming votable to a bot's vote, seconds ("low"/"high" latency of 004). */
  voteLatencySeconds: number;
  /** Mean delay from the end of the timelock delay to someone executing the batch, seconds. */
  executionLagSeconds: number;
  honest: {
    /** Probability an active honest bot votes directly on a proposal. */
    participation: number;
    /** Per-bot probability of judging a proposal correctly is uniform in [accuracyMin, accuracyMax]. */
    accuracyMin: number;
    accuracyMax: number;
    /** Share of honest bots that are passive and delegate their weight. */
    delegationShare: number;
    /** Probability a passive bot still votes directly (overriding its delegates). */
    passiveDirectVote: number;
    delegationDurationTicks: number;
    /** Probability a delegator revokes after seeing its delegate vote against the revealed truth. */
    revokeOnDisagreement: number;
    /** Share of votes that are abstentions. */
    abstainProbability: number;
  };
  malicious: {
    /** Share of the initial bots that are malicious. */
    fraction: number;
    /** Relative weights of the strategies among malicious bots (normalised). */
    strategies: Record<MaliciousStrategy, number>;
    /** Sybil identities created per malicious bot; they start with zero reputation. */
    sybilsPerMalicious: number;
    collusionRingSize: number;
    /** Flip bots vote honestly until this tick, then against the truth. */
    flipAtTick: number;
    /** Proposal attempts per tick of a spam bot (bounded by cap, budget and threshold). */
    spamAttemptsPerTick: number;
  };
  humans: {
    /** Verified humans watching the timelock. */
    count: number;
    /** Probability one human reviews one queued request. */
    reviewProbability: number;
    /** Probability a reviewing human recognises a harmful request and vetoes it. */
    detectionProbability: number;
    /** Probability a reviewing human vetoes a good request. */
    falseVetoProbability: number;
  };
  partitions: PartitionSpec[];
  growth: {
    /** New (honest-or-malicious in the same mix) bots joining per tick, starting at zero reputation. */
    botsPerTick: number;
    /** Reputation new bots earn per tick of membership (work done outside governance), in reputation. */
    earnedReputationPerTick: number;
    /** New skill proposals per tick (on top of proposalRate). */
    newSkillsPerTick: number;
    /** Probability a skill proposal by an honest author is good (004's skill_approval_rate). */
    skillGoodProbability: number;
    /** Share of skill proposals written by malicious authors (004's malicious_skills); always harmful. */
    maliciousSkillShare: number;
    /** A new skill domain opens every this many ticks (0: never). */
    newDomainEveryTicks: number;
    /** Judging accuracy lost in a domain newer than the bot (closer to a coin flip). */
    newDomainAccuracyPenalty: number;
  };
  /** Overrides of the shared governance parameters (packages/params). */
  governance: DeepPartial<GovernanceParams>;
}

/** A scenario with its governance parameters merged and validated. */
export interface ResolvedScenario extends Omit<GovernanceScenario, "governance"> {
  governance: GovernanceParams;
}

export const SCENARIO_DEFAULTS: GovernanceScenario = {
  name: "custom",
  description: "",
  bots: 1_000,
  tickSeconds: 3_600,
  durationTicks: 720,
  proposalRate: 0.1,
  agentRequestRate: 0,
  proposalLimit: 0,
  goodProposalProbability: 0.9,
  voteLatencySeconds: 3_600,
  executionLagSeconds: 3_600,
  honest: {
    participation: 0.8,
    accuracyMin: 0.85,
    accuracyMax: 0.99,
    delegationShare: 0.3,
    passiveDirectVote: 0.05,
    delegationDurationTicks: 720,
    revokeOnDisagreement: 0.5,
    abstainProbability: 0.02,
  },
  malicious: {
    fraction: 0,
    strategies: { byzantine: 1, spam: 0, collusion: 0, flip: 0 },
    sybilsPerMalicious: 0,
    collusionRingSize: 10,
    flipAtTick: 240,
    spamAttemptsPerTick: 1,
  },
  humans: {
    count: 50,
    reviewProbability: 0.2,
    detectionProbability: 0.6,
    falseVetoProbability: 0.002,
  },
  partitions: [],
  growth: {
    botsPerTick: 0,
    earnedReputationPerTick: 0,
    newSkillsPerTick: 0,
    skillGoodProbability: 0.7,
    maliciousSkillShare: 0.1,
    newDomainEveryTicks: 0,
    newDomainAccuracyPenalty: 0.2,
  },
  governance: {},
};

export const BUILT_IN_SCENARIOS = [
  "normal_operation",
  "stress_test",
  "security_attack",
  "skill_ecosystem_growth",
] as const;
export type BuiltInScenarioName = (typeof BUILT_IN_SCENARIOS)[number];

/** Raised for an invalid scenario; `field` is the dotted path of the bad field. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  readonly field: string;
  constructor(field: string, problem: string, source?: string) {
    super(`${source === undefined ? "" : `${source}: `}scenario field ${field} ${problem}`);
    this.field = field;
  }
}

type Rule =
  | { t: "num"; min: number; max: number; int?: boolean }
  | { t: "str" }
  | { t: "bool" }
  | { t: "obj"; fields: Record<string, Rule> }
  | { t: "partitions" }
  | { t: "governance" };

const prob: Rule = { t: "num", min: 0, max: 1 };
const count = (max: number): Rule => ({ t: "num", min: 0, max, int: true });
const nonneg: Rule = { t: "num", min: 0, max: 1e12 };

const SCHEMA: Record<keyof GovernanceScenario, Rule> = {
  name: { t: "str" },
  description: { t: "str" },
  bots: { t: "num", min: 2, max: 1_000_000, int: true },
  tickSeconds: { t: "num", min: 1, max: 365 * 86_400, int: true },
  durationTicks: { t: "num", min: 1, max: 10_000_000, int: true },
  proposalRate: { t: "num", min: 0, max: 10_000 },
  agentRequestRate: { t: "num", min: 0, max: 10_000 },
  proposalLimit: count(10_000_000),
  goodProposalProbability: prob,
  voteLatencySeconds: nonneg,
  executionLagSeconds: nonneg,
  honest: {
    t: "obj",
    fields: {
      participation: prob,
      accuracyMin: prob,
      accuracyMax: prob,
      delegationShare: prob,
      passiveDirectVote: prob,
      delegationDurationTicks: { t: "num", min: 1, max: 10_000_000, int: true },
      revokeOnDisagreement: prob,
      abstainProbability: prob,
    },
  },
  malicious: {
    t: "obj",
    fields: {
      fraction: { t: "num", min: 0, max: 0.99 },
      strategies: {
        t: "obj",
        fields: { byzantine: nonneg, spam: nonneg, collusion: nonneg, flip: nonneg },
      },
      sybilsPerMalicious: count(100),
      collusionRingSize: { t: "num", min: 2, max: 1_000_000, int: true },
      flipAtTick: count(10_000_000),
      spamAttemptsPerTick: count(1_000),
    },
  },
  humans: {
    t: "obj",
    fields: {
      count: count(1_000_000),
      reviewProbability: prob,
      detectionProbability: prob,
      falseVetoProbability: prob,
    },
  },
  partitions: { t: "partitions" },
  growth: {
    t: "obj",
    fields: {
      botsPerTick: { t: "num", min: 0, max: 100_000 },
      earnedReputationPerTick: nonneg,
      newSkillsPerTick: { t: "num", min: 0, max: 10_000 },
      skillGoodProbability: prob,
      maliciousSkillShare: prob,
      newDomainEveryTicks: count(10_000_000),
      newDomainAccuracyPenalty: { t: "num", min: 0, max: 0.5 },
    },
  },
  governance: { t: "governance" },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkValue(rule: Rule, value: unknown, path: string, source: string | undefined): void {
  switch (rule.t) {
    case "str":
      if (typeof value !== "string")
        throw new ScenarioError(path, `must be a string, got ${JSON.stringify(value)}`, source);
      return;
    case "bool":
      if (typeof value !== "boolean")
        throw new ScenarioError(path, `must be true or false, got ${JSON.stringify(value)}`, source);
      return;
    case "num": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new ScenarioError(path, `must be a number, got ${JSON.stringify(value)}`, source);
      }
      if (rule.int === true && !Number.isInteger(value)) {
        throw new ScenarioError(path, `must be an integer, got ${value}`, source);
      }
      if (value < rule.min || value > rule.max) {
        throw new ScenarioError(path, `must be in [${rule.min}, ${rule.max}], got ${value}`, source);
      }
      return;
    }
    case "obj": {
      if (!isObject(value)) throw new ScenarioError(path, "must be an object", source);
      for (const key of Object.keys(value)) {
        if (!(key in rule.fields)) throw new ScenarioError(`${path}.${key}`, "is not a known field", source);
      }
      for (const [key, sub] of Object.entries(rule.fields)) checkValue(sub, value[key], `${path}.${key}`, source);
      return;
    }
    case "partitions": {
      if (!Array.isArray(value)) throw new ScenarioError(path, "must be an array", source);
      const fields: Record<string, Rule> = {
        startTick: count(10_000_000),
        durationTicks: { t: "num", min: 1, max: 10_000_000, int: true },
        fraction: prob,
        sparesMalicious: { t: "bool" },
      };
      value.forEach((p, i) => {
        const withDefault = isObject(p) ? { sparesMalicious: false, ...p } : p;
        checkValue({ t: "obj", fields }, withDefault, `${path}[${i}]`, source);
      });
      return;
    }
    case "governance":
      if (!isObject(value)) throw new ScenarioError(path, "must be an object", source);
      return;
  }
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return over === undefined ? base : over;
}

/**
 * Merges a (partial) scenario over SCENARIO_DEFAULTS, validates every field and the
 * governance overrides against the shared params, and returns the resolved scenario.
 */
export function resolveScenario(input: unknown, source?: string): ResolvedScenario {
  if (!isObject(input)) throw new ScenarioError("(root)", "must be a JSON object", source);
  for (const key of Object.keys(input)) {
    if (!(key in SCHEMA)) throw new ScenarioError(key, "is not a known field", source);
  }
  const merged = deepMerge(structuredClone(SCENARIO_DEFAULTS), input) as Record<string, unknown>;
  for (const [key, rule] of Object.entries(SCHEMA)) checkValue(rule, merged[key], key, source);
  const s = merged as unknown as GovernanceScenario;
  if (s.honest.accuracyMin > s.honest.accuracyMax) {
    throw new ScenarioError("honest.accuracyMin", "must not exceed honest.accuracyMax", source);
  }
  const strategyTotal = MALICIOUS_STRATEGIES.reduce((sum, k) => sum + s.malicious.strategies[k], 0);
  if (s.malicious.fraction > 0 && strategyTotal <= 0) {
    throw new ScenarioError("malicious.strategies", "must give at least one strategy a positive weight", source);
  }
  let governance: GovernanceParams;
  try {
    governance = mergeGovernanceParams(s.governance);
  } catch (err) {
    if (err instanceof GovernanceParamsError) {
      throw new ScenarioError(`governance.${err.field}`, err.message.replace(/^governance parameter \S+ /, ""), source);
    }
    throw err;
  }
  return { ...s, governance };
}

/**
 * The built-in scenarios are static JSON imports, so this module (and the simulator) also runs
 * in a browser bundle; reading a user's scenario file is Node-only (see scenarioFile.ts).
 */
const BUILT_IN_JSON: Record<BuiltInScenarioName, unknown> = {
  normal_operation: normalOperation,
  stress_test: stressTest,
  security_attack: securityAttack,
  skill_ecosystem_growth: skillEcosystemGrowth,
};

/** Raw JSON of a built-in scenario (as shipped in scenarios/NAME.json); a fresh copy each call. */
export function builtInScenarioJson(name: BuiltInScenarioName): unknown {
  return structuredClone(BUILT_IN_JSON[name]);
}

export function isBuiltInScenario(name: string): name is BuiltInScenarioName {
  return (BUILT_IN_SCENARIOS as readonly string[]).includes(name);
}

/** A built-in scenario by name, resolved. */
export function loadScenario(name: string): ResolvedScenario {
  if (!isBuiltInScenario(name)) {
    throw new ScenarioError(
      "name",
      `is not a built-in scenario: ${JSON.stringify(name)} (known: ${BUILT_IN_SCENARIOS.join(", ")})`,
    );
  }
  return resolveScenario(builtInScenarioJson(name), `scenario ${name}`);
}

/** A copy of a resolved scenario with one dotted-path field replaced (used by the what-if grid). */
export function withOverride(scenario: ResolvedScenario, path: string, value: unknown): ResolvedScenario {
  const raw = structuredClone(scenario) as unknown as Record<string, unknown>;
  const parts = path.split(".");
  let node: Record<string, unknown> = raw;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const next = node[key];
    if (!isObject(next)) throw new ScenarioError(path, "does not name a scenario field");
    node = next;
  }
  const leaf = parts[parts.length - 1] as string;
  if (!(leaf in node)) throw new ScenarioError(path, "does not name a scenario field");
  node[leaf] = value;
  return resolveScenario(raw, "override");
}
