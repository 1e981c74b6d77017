/**
 * The one shared definition of AOS governance rules and their defaults.
 *
 * Read by the contract deployment (issue 3) and by the governance simulator
 * (issue 4), so that the rules the simulator validates are the rules that get
 * deployed. Everything here is plain JSON data: durations are whole seconds,
 * ratios are basis points (1/10,000), and reputation amounts are decimal strings
 * of fixed-point units (1 reputation = 10^18 units, like an ERC-20 with 18
 * decimals) so that they survive JSON without losing precision.
 */

/** The proposal lifecycle of 004's state diagram, in the order a proposal can pass through it. */
export const PROPOSAL_STATES = [
  "pending",
  "active",
  "defeated",
  "succeeded",
  "queued",
  "vetoed",
  "executed",
  "expired",
] as const;

export type ProposalState = (typeof PROPOSAL_STATES)[number];

export function isProposalState(value: unknown): value is ProposalState {
  return typeof value === "string" && (PROPOSAL_STATES as readonly string[]).includes(value);
}

/** Reputation is fixed-point with this many decimals on-chain. */
export const REPUTATION_DECIMALS = 18;
export const REPUTATION_SCALE = 10n ** 18n;

export interface GovernanceParams {
  reputation: {
    /** Fixed-point decimals of reputation amounts (18: amounts are multiples of 1e-18 reputation). */
    decimals: number;
    /** Weight of the newest observation in the exponential moving average of a voter's accuracy (1000 = 0.1). */
    emaAlphaBps: number;
    /** Upper bound of any account's reputation, fixed-point units. */
    maxReputation: string;
  };
  delegation: {
    /** Longest delegation chain in hops; a delegation that would make a longer chain, or a cycle, is rejected. */
    maxDepth: number;
    /** Longest allowed delegation lifetime in seconds (0: delegations may be open-ended). */
    maxDurationSeconds: number;
  };
  voting: {
    /** Delay between proposing and the start of voting; reputation and delegations are snapshotted at proposing. */
    votingDelaySeconds: number;
    votingPeriodSeconds: number;
    /**
     * Participation quorum: for + against + abstain weight must reach this share of the total
     * snapshotted reputation. A proposal succeeds when the quorum is met and for > against.
     */
    quorumBps: number;
    /** Minimum reputation (fixed-point units) to propose. */
    proposalThreshold: string;
    /** Open (pending, active, succeeded or queued) proposals one proposer may have at a time. */
    maxOpenProposalsPerProposer: number;
  };
  timelock: {
    /** Delay between queueing and earliest execution. */
    delaySeconds: number;
    /** Floor the delay can never be set below, by governance or anyone else. */
    minDelaySeconds: number;
    /** Time after the end of the delay within which the batch must execute, or it expires. */
    gracePeriodSeconds: number;
  };
  veto: {
    /** Vetoes by distinct verified humans that kill a queued request. */
    threshold: number;
    /** Vetoes one verified human may cast per epoch. */
    vetoesPerHumanPerEpoch: number;
    /** Each veto short of the threshold extends the delay by this much... */
    extensionSeconds: number;
    /** ...up to this much in total per request. */
    maxExtensionSeconds: number;
  };
  agentBudget: {
    epochSeconds: number;
    /** Action units each registered agent receives per epoch (unused units do not carry over). */
    allowancePerEpoch: number;
    /** Units one submitted action batch or proposal costs. */
    costPerAction: number;
    /** Share of its remaining budget an agent loses when its request is vetoed. */
    vetoBudgetSlashBps: number;
  };
  feedback: {
    /** Reputation (fixed-point units) the proposer gains when its proposal executes; capped at maxReputation. */
    executedGain: string;
    /** Share of the proposer's reputation lost when its proposal is defeated. */
    defeatedLossBps: number;
    /** Share of the proposer's reputation lost when its proposal is vetoed. */
    vetoedLossBps: number;
  };
}

const DAY = 86_400;

export const DEFAULT_GOVERNANCE_PARAMS: GovernanceParams = {
  reputation: {
    decimals: REPUTATION_DECIMALS,
    emaAlphaBps: 1_000,
    maxReputation: (1_000_000n * REPUTATION_SCALE).toString(),
  },
  delegation: {
    maxDepth: 4,
    maxDurationSeconds: 365 * DAY,
  },
  voting: {
    votingDelaySeconds: 3_600,
    votingPeriodSeconds: DAY,
    quorumBps: 4_000,
    proposalThreshold: (10n * REPUTATION_SCALE).toString(),
    maxOpenProposalsPerProposer: 3,
  },
  timelock: {
    delaySeconds: 7 * DAY,
    minDelaySeconds: 2 * DAY,
    gracePeriodSeconds: 14 * DAY,
  },
  veto: {
    threshold: 1,
    vetoesPerHumanPerEpoch: 3,
    extensionSeconds: DAY,
    maxExtensionSeconds: 7 * DAY,
  },
  agentBudget: {
    epochSeconds: 7 * DAY,
    allowancePerEpoch: 100,
    costPerAction: 10,
    vetoBudgetSlashBps: 5_000,
  },
  feedback: {
    executedGain: (5n * REPUTATION_SCALE).toString(),
    defeatedLossBps: 500,
    vetoedLossBps: 2_000,
  },
};

/** Raised for an invalid parameter set; `field` is the dotted path of the first bad field. */
export class GovernanceParamsError extends Error {
  override name = "GovernanceParamsError";
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`governance parameter ${field} ${problem}`);
    this.field = field;
  }
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

type FieldRule = { kind: "int"; min: number; max: number } | { kind: "amount" };

const UINT32_MAX = 4_294_967_295;
const UINT64_MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Every field, its type and its range: the schema the validator walks. */
const SCHEMA: { [S in keyof GovernanceParams]: { [F in keyof GovernanceParams[S]]: FieldRule } } = {
  reputation: {
    decimals: { kind: "int", min: 18, max: 18 },
    emaAlphaBps: { kind: "int", min: 1, max: 10_000 },
    maxReputation: { kind: "amount" },
  },
  delegation: {
    maxDepth: { kind: "int", min: 1, max: 16 },
    maxDurationSeconds: { kind: "int", min: 0, max: UINT64_MAX_SAFE },
  },
  voting: {
    votingDelaySeconds: { kind: "int", min: 0, max: UINT32_MAX },
    votingPeriodSeconds: { kind: "int", min: 1, max: UINT32_MAX },
    quorumBps: { kind: "int", min: 1, max: 10_000 },
    proposalThreshold: { kind: "amount" },
    maxOpenProposalsPerProposer: { kind: "int", min: 1, max: 1_000 },
  },
  timelock: {
    delaySeconds: { kind: "int", min: 1, max: UINT32_MAX },
    minDelaySeconds: { kind: "int", min: 1, max: UINT32_MAX },
    gracePeriodSeconds: { kind: "int", min: 1, max: UINT32_MAX },
  },
  veto: {
    threshold: { kind: "int", min: 1, max: 1_000_000 },
    vetoesPerHumanPerEpoch: { kind: "int", min: 1, max: 1_000_000 },
    extensionSeconds: { kind: "int", min: 0, max: UINT32_MAX },
    maxExtensionSeconds: { kind: "int", min: 0, max: UINT32_MAX },
  },
  agentBudget: {
    epochSeconds: { kind: "int", min: 1, max: UINT32_MAX },
    allowancePerEpoch: { kind: "int", min: 0, max: UINT32_MAX },
    costPerAction: { kind: "int", min: 1, max: UINT32_MAX },
    vetoBudgetSlashBps: { kind: "int", min: 0, max: 10_000 },
  },
  feedback: {
    executedGain: { kind: "amount" },
    defeatedLossBps: { kind: "int", min: 0, max: 10_000 },
    vetoedLossBps: { kind: "int", min: 0, max: 10_000 },
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks a value against the schema and the cross-field rules, and returns it typed.
 * Throws GovernanceParamsError naming the first bad field (unknown fields are errors too,
 * so a typo cannot silently fall back to a default).
 */
export function validateGovernanceParams(value: unknown): GovernanceParams {
  if (!isPlainObject(value)) throw new GovernanceParamsError("(root)", "must be an object");
  for (const section of Object.keys(value)) {
    if (!(section in SCHEMA)) throw new GovernanceParamsError(section, "is not a known section");
  }
  for (const [section, fields] of Object.entries(SCHEMA) as [string, Record<string, FieldRule>][]) {
    const got = value[section];
    if (!isPlainObject(got)) throw new GovernanceParamsError(section, "must be an object");
    for (const key of Object.keys(got)) {
      if (!(key in fields)) throw new GovernanceParamsError(`${section}.${key}`, "is not a known field");
    }
    for (const [key, rule] of Object.entries(fields)) {
      const field = `${section}.${key}`;
      const v = got[key];
      if (rule.kind === "int") {
        if (typeof v !== "number" || !Number.isInteger(v)) {
          throw new GovernanceParamsError(field, `must be an integer, got ${JSON.stringify(v)}`);
        }
        if (v < rule.min || v > rule.max) {
          throw new GovernanceParamsError(field, `must be in [${rule.min}, ${rule.max}], got ${v}`);
        }
      } else if (typeof v !== "string" || !/^(0|[1-9][0-9]*)$/.test(v) || v.length > 78) {
        throw new GovernanceParamsError(
          field,
          `must be a decimal string of fixed-point units (1 reputation = 10^18), got ${JSON.stringify(v)}`,
        );
      }
    }
  }
  const p = value as unknown as GovernanceParams;
  if (p.timelock.delaySeconds < p.timelock.minDelaySeconds) {
    throw new GovernanceParamsError(
      "timelock.delaySeconds",
      `must be at least timelock.minDelaySeconds (${p.timelock.minDelaySeconds}), got ${p.timelock.delaySeconds}`,
    );
  }
  if (p.veto.maxExtensionSeconds < p.veto.extensionSeconds) {
    throw new GovernanceParamsError(
      "veto.maxExtensionSeconds",
      `must be at least veto.extensionSeconds (${p.veto.extensionSeconds}), got ${p.veto.maxExtensionSeconds}`,
    );
  }
  if (BigInt(p.feedback.executedGain) > BigInt(p.reputation.maxReputation)) {
    throw new GovernanceParamsError("feedback.executedGain", "must not exceed reputation.maxReputation");
  }
  if (BigInt(p.voting.proposalThreshold) > BigInt(p.reputation.maxReputation)) {
    throw new GovernanceParamsError("voting.proposalThreshold", "must not exceed reputation.maxReputation");
  }
  if (p.delegation.maxDurationSeconds > 0 && p.delegation.maxDurationSeconds < p.voting.votingPeriodSeconds) {
    throw new GovernanceParamsError(
      "delegation.maxDurationSeconds",
      "must be 0 (no limit) or at least voting.votingPeriodSeconds",
    );
  }
  return p;
}

/** Deep-merges overrides into a base (defaults unless given) and validates the result. */
export function mergeGovernanceParams(
  overrides: DeepPartial<GovernanceParams> | undefined,
  base: GovernanceParams = DEFAULT_GOVERNANCE_PARAMS,
): GovernanceParams {
  const merged = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
  if (overrides !== undefined) {
    if (!isPlainObject(overrides)) throw new GovernanceParamsError("(root)", "overrides must be an object");
    for (const [section, fields] of Object.entries(overrides)) {
      if (!(section in merged)) throw new GovernanceParamsError(section, "is not a known section");
      if (!isPlainObject(fields)) throw new GovernanceParamsError(section, "must be an object");
      Object.assign(merged[section] as object, fields);
    }
  }
  return validateGovernanceParams(merged);
}

/** Fixed-point units (decimal string or bigint) to reputation as a float (for simulation only). */
export function reputationFromUnits(units: string | bigint): number {
  const u = typeof units === "bigint" ? units : BigInt(units);
  const whole = u / REPUTATION_SCALE;
  const frac = u % REPUTATION_SCALE;
  return Number(whole) + Number(frac) / 1e18;
}

/** Reputation given in whole-number-or-decimal text ("12.5") to fixed-point units. */
export function reputationToUnits(amount: string): bigint {
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,18}))?$/.exec(amount);
  if (m === null) throw new RangeError(`reputationToUnits: not a non-negative decimal: ${JSON.stringify(amount)}`);
  const whole = BigInt(m[1] ?? "0");
  const frac = BigInt((m[2] ?? "").padEnd(18, "0"));
  return whole * REPUTATION_SCALE + frac;
}
