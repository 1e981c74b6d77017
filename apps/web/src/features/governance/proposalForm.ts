/**
 * The propose form's model: the governance settings one can change (the governor's, the
 * timelock's and the karma registry's own setters, with typed values and their bounds), raw calls
 * on any AOS contract, and the validation that turns the form into the actions `propose` takes.
 */
import type { AosContractName } from "@aos/sdk";
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddress,
} from "viem";
import { describeSeconds, type GovernanceSettings, type KnownContract, type RawAction } from "@/data/governance";
import { parseDecimal, parseDuration } from "./logic";

export type ParamKind = "duration" | "wad" | "integer" | "percent" | "address";

export type SettingParam = {
  name: string;
  label: string;
  kind: ParamKind;
  min?: bigint | ((s: GovernanceSettings) => bigint);
  max?: bigint | ((s: GovernanceSettings) => bigint);
  /** The value now, as the input shows it. */
  current?: (s: GovernanceSettings) => string;
};

export type SettingDef = {
  id: string;
  contract: AosContractName;
  functionName: string;
  title: string;
  summary: string;
  params: SettingParam[];
};

const DAY = 86_400n;
const HOUR = 3_600n;
const WAD = 10n ** 18n;
const U16 = 2n ** 16n - 1n;
const U32 = 2n ** 32n - 1n;

/** Seconds as the input shows them: "7d", "36h", "90m" or "45". */
export function secondsToInput(seconds: number | bigint): string {
  const s = Number(seconds);
  if (s !== 0 && s % 86400 === 0) return `${s / 86400}d`;
  if (s !== 0 && s % 3600 === 0) return `${s / 3600}h`;
  if (s !== 0 && s % 60 === 0) return `${s / 60}m`;
  return String(s);
}

/** A WAD as the input shows it ("0.1"). */
export function wadToInput(value: bigint): string {
  const whole = value / WAD;
  const frac = (value % WAD).toString().padStart(18, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const bpsToPercent = (bps: number) => String(bps / 100);

export const SETTINGS: SettingDef[] = [
  {
    id: "gov.votingDelay",
    contract: "ReputationGovernor",
    functionName: "setVotingDelay",
    title: "Voting delay",
    summary: "Time between proposing and the start of voting, for new proposals.",
    params: [
      {
        name: "votingDelay",
        label: "Voting delay",
        kind: "duration",
        min: 0n,
        max: 30n * DAY,
        current: (s) => secondsToInput(s.votingDelay),
      },
    ],
  },
  {
    id: "gov.votingPeriod",
    contract: "ReputationGovernor",
    functionName: "setVotingPeriod",
    title: "Voting period",
    summary: "How long voting lasts, for new proposals.",
    params: [
      {
        name: "votingPeriod",
        label: "Voting period",
        kind: "duration",
        min: HOUR,
        max: 90n * DAY,
        current: (s) => secondsToInput(s.votingPeriod),
      },
    ],
  },
  {
    id: "gov.proposalThreshold",
    contract: "ReputationGovernor",
    functionName: "setProposalThreshold",
    title: "Proposal threshold",
    summary: "Voting power an account needs to propose.",
    params: [
      {
        name: "proposalThreshold",
        label: "Proposal threshold (power, 0 to 1)",
        kind: "wad",
        min: 0n,
        max: WAD,
        current: (s) => wadToInput(s.proposalThreshold),
      },
    ],
  },
  {
    id: "gov.maxOpenProposals",
    contract: "ReputationGovernor",
    functionName: "setMaxOpenProposals",
    title: "Open proposals per proposer",
    summary: "Pending or active proposals one account may have at once.",
    params: [
      {
        name: "maxOpenProposals",
        label: "Open proposals per proposer",
        kind: "integer",
        min: 1n,
        max: 6n,
        current: (s) => String(s.maxOpenProposals),
      },
    ],
  },
  {
    id: "gov.quorumBps",
    contract: "ReputationGovernor",
    functionName: "setQuorumBps",
    title: "Quorum",
    summary: "Share of the total weight that must vote (for, against or abstain), for new proposals.",
    params: [
      {
        name: "quorumBps",
        label: "Quorum (%)",
        kind: "percent",
        min: 1n,
        max: 10_000n,
        current: (s) => bpsToPercent(s.quorumBps),
      },
    ],
  },
  {
    id: "gov.minHumanTurnout",
    contract: "ReputationGovernor",
    functionName: "setMinHumanTurnout",
    title: "Human turnout",
    summary: "Human votes a proposal that requires the human house needs, for new proposals.",
    params: [
      {
        name: "minHumanTurnout",
        label: "Human votes needed",
        kind: "integer",
        min: 0n,
        max: 1_000_000n,
        current: (s) => String(s.minHumanTurnout),
      },
    ],
  },
  {
    id: "gov.queuePeriod",
    contract: "ReputationGovernor",
    functionName: "setQueuePeriod",
    title: "Queue period",
    summary: "Time after voting within which a passed proposal must be queued.",
    params: [
      {
        name: "queuePeriod",
        label: "Queue period",
        kind: "duration",
        min: HOUR,
        max: 90n * DAY,
        current: (s) => secondsToInput(s.queuePeriod),
      },
    ],
  },
  {
    id: "gov.feedbackWeights",
    contract: "ReputationGovernor",
    functionName: "setFeedbackWeights",
    title: "Proposer feedback weights",
    summary: "How much a proposal's outcome moves its proposer's governance karma.",
    params: [
      {
        name: "executedGainWeight",
        label: "Gain when executed (0 to 1)",
        kind: "wad",
        min: 0n,
        max: WAD,
        current: (s) => wadToInput(s.executedGainWeight),
      },
      {
        name: "defeatedLossWeight",
        label: "Loss when defeated (0 to 1)",
        kind: "wad",
        min: 0n,
        max: WAD,
        current: (s) => wadToInput(s.defeatedLossWeight),
      },
      {
        name: "vetoedLossWeight",
        label: "Loss when vetoed (0 to 1)",
        kind: "wad",
        min: 0n,
        max: WAD,
        current: (s) => wadToInput(s.vetoedLossWeight),
      },
    ],
  },
  {
    id: "tl.delay",
    contract: "AgentTimelock",
    functionName: "setDelay",
    title: "Timelock delay",
    summary: "How long a request waits (and can be vetoed) before it can run; never below the floor.",
    params: [
      {
        name: "delay",
        label: "Timelock delay",
        kind: "duration",
        min: (s) => BigInt(s.timelock.minDelay),
        max: U32,
        current: (s) => secondsToInput(s.timelock.delay),
      },
    ],
  },
  {
    id: "tl.gracePeriod",
    contract: "AgentTimelock",
    functionName: "setGracePeriod",
    title: "Timelock grace period",
    summary: "How long a ready request can still be executed.",
    params: [
      {
        name: "gracePeriod",
        label: "Grace period",
        kind: "duration",
        min: 1n,
        max: U32,
        current: (s) => secondsToInput(s.timelock.gracePeriod),
      },
    ],
  },
  {
    id: "tl.vetoRules",
    contract: "AgentTimelock",
    functionName: "setVetoRules",
    title: "Veto rules",
    summary: "Vetoes that stop a request, veto slots per epoch, and how much each veto extends the wait.",
    params: [
      {
        name: "vetoThreshold",
        label: "Vetoes that stop a request",
        kind: "integer",
        min: 1n,
        max: U16,
        current: (s) => String(s.timelock.vetoThreshold),
      },
      {
        name: "vetoesPerEpoch",
        label: "Vetoes per human per epoch",
        kind: "integer",
        min: 1n,
        max: U16,
        current: (s) => String(s.timelock.vetoesPerEpoch),
      },
      {
        name: "vetoExtension",
        label: "Extension per veto",
        kind: "duration",
        min: 0n,
        max: U32,
        current: (s) => secondsToInput(s.timelock.vetoExtension),
      },
      {
        name: "maxVetoExtension",
        label: "Longest extension",
        kind: "duration",
        min: 0n,
        max: U32,
        current: (s) => secondsToInput(s.timelock.maxVetoExtension),
      },
    ],
  },
  {
    id: "tl.budget",
    contract: "AgentTimelock",
    functionName: "setBudget",
    title: "Agents' budget",
    summary: "Epoch length, units each agent may spend per epoch, and units per action.",
    params: [
      {
        name: "epochLength",
        label: "Epoch length",
        kind: "duration",
        min: 1n,
        max: U32,
        current: (s) => secondsToInput(s.timelock.epochLength),
      },
      {
        name: "allowancePerEpoch",
        label: "Units per epoch",
        kind: "integer",
        min: 0n,
        max: U32,
        current: (s) => String(s.timelock.allowancePerEpoch),
      },
      {
        name: "costPerAction",
        label: "Units per action",
        kind: "integer",
        min: 1n,
        max: U32,
        current: (s) => String(s.timelock.costPerAction),
      },
    ],
  },
  {
    id: "tl.registerAgent",
    contract: "AgentTimelock",
    functionName: "registerAgent",
    title: "Register an agent",
    summary: "Lets an address submit requests to the timelock.",
    params: [{ name: "agent", label: "Agent address", kind: "address" }],
  },
  {
    id: "tl.deregisterAgent",
    contract: "AgentTimelock",
    functionName: "deregisterAgent",
    title: "Deregister an agent",
    summary: "Stops an address from submitting requests; its queued requests stay vetoable.",
    params: [{ name: "agent", label: "Agent address", kind: "address" }],
  },
  {
    id: "karma.halfLife",
    contract: "KarmaRegistry",
    functionName: "setHalfLife",
    title: "Karma half-life",
    summary: "How fast karma decays when unused.",
    params: [
      {
        name: "halfLife",
        label: "Half-life",
        kind: "duration",
        min: 1n,
        max: 3650n * DAY,
        current: (s) => secondsToInput(s.karma.halfLife),
      },
    ],
  },
  {
    id: "karma.alpha",
    contract: "KarmaRegistry",
    functionName: "setAlpha",
    title: "Karma learning rate",
    summary: "How far one outcome moves karma (the EMA rate).",
    params: [
      {
        name: "alpha",
        label: "Learning rate (0 to 1)",
        kind: "wad",
        min: 1n,
        max: WAD,
        current: (s) => wadToInput(s.karma.alpha),
      },
    ],
  },
];

export function settingById(id: string): SettingDef | undefined {
  return SETTINGS.find((s) => s.id === id);
}

// ---------------------------------------------------------------- drafts

export type SettingDraft = { kind: "setting"; settingId: string; values: string[] };
export type RawDraft = { kind: "raw"; contract: AosContractName; functionName: string; args: string[]; value: string };
export type ActionDraft = SettingDraft | RawDraft;

export type ProposalDraft = { actions: ActionDraft[]; description: string; requireHumans: boolean };

/** A setting draft prefilled with the setting's value now. */
export function settingDraft(def: SettingDef, settings?: GovernanceSettings): SettingDraft {
  return {
    kind: "setting",
    settingId: def.id,
    values: def.params.map((p) => (settings && p.current ? p.current(settings) : "")),
  };
}

/** The functions of an ABI a proposal can call (state-changing ones), one per signature. */
export function writableFunctions(abi: Abi): AbiFunction[] {
  const seen = new Set<string>();
  return abi.filter((item): item is AbiFunction => {
    if (item.type !== "function" || item.stateMutability === "view" || item.stateMutability === "pure") return false;
    const sig = functionSignature(item);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

export function functionSignature(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map((i) => i.type).join(",")})`;
}

// ---------------------------------------------------------------- validation

type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

function bound(b: SettingParam["min"], s?: GovernanceSettings): bigint | undefined {
  if (typeof b === "function") return s ? b(s) : undefined;
  return b;
}

function describe(kind: ParamKind, v: bigint): string {
  if (kind === "duration") return describeSeconds(v);
  if (kind === "wad") return wadToInput(v);
  if (kind === "percent") return `${Number(v) / 100}%`;
  return v.toLocaleString("en-US");
}

/** One typed setting value, checked against its bounds. */
export function parseSettingValue(
  param: SettingParam,
  text: string,
  settings?: GovernanceSettings,
): Parsed<bigint | Hex> {
  const trimmed = text.trim();
  if (!trimmed) return { error: `Enter the ${param.label.toLowerCase()}.` };
  if (param.kind === "address") {
    if (!isAddress(trimmed))
      return { error: `${param.label}: "${trimmed}" is not an address (0x followed by 40 hex digits).` };
    return { value: getAddress(trimmed) };
  }
  let value: bigint | undefined;
  let example = "";
  if (param.kind === "duration") {
    value = parseDuration(trimmed);
    example = "a duration such as 3600, 90m, 36h or 7d";
  } else if (param.kind === "wad") {
    value = parseDecimal(trimmed);
    example = "a decimal such as 0.15";
  } else if (param.kind === "percent") {
    const hundredths = parseDecimal(trimmed, 2);
    value = hundredths;
    example = "a percentage such as 40 or 12.5";
  } else {
    value = /^\d+$/.test(trimmed) ? BigInt(trimmed) : undefined;
    example = "a whole number";
  }
  if (value === undefined) return { error: `${param.label}: enter ${example}.` };
  const min = bound(param.min, settings);
  const max = bound(param.max, settings);
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range =
      min !== undefined && max !== undefined
        ? `between ${describe(param.kind, min)} and ${describe(param.kind, max)}`
        : min !== undefined
          ? `at least ${describe(param.kind, min)}`
          : `at most ${describe(param.kind, max as bigint)}`;
    return { error: `${param.label} must be ${range}.` };
  }
  return { value };
}

/** One ABI argument typed as text: numbers, addresses, booleans, bytes, strings, or JSON for arrays and tuples. */
export function parseAbiArg(param: AbiParameter, text: string): Parsed<unknown> {
  const name = param.name || param.type;
  const t = text.trim();
  const type = param.type;
  if (type.endsWith("]") || type === "tuple") {
    try {
      return { value: JSON.parse(t, (_k, v) => (typeof v === "string" && /^-?\d+$/.test(v) ? BigInt(v) : v)) };
    } catch {
      return { error: `${name}: enter JSON (e.g. ["1", "2"] for a list).` };
    }
  }
  if (type === "address") {
    return isAddress(t) ? { value: getAddress(t) } : { error: `${name}: "${t}" is not an address.` };
  }
  if (type === "bool") {
    if (t === "true" || t === "false") return { value: t === "true" };
    return { error: `${name}: enter true or false.` };
  }
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) {
    if (!/^-?\d+$/.test(t)) return { error: `${name}: enter a whole number.` };
    const bits = BigInt(int[2] || "256");
    const v = BigInt(t);
    const [min, max] = int[1] ? [0n, 2n ** bits - 1n] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
    if (v < min || v > max) return { error: `${name}: out of range for ${type} (${min} to ${max}).` };
    return { value: v };
  }
  const bytes = /^bytes(\d*)$/.exec(type);
  if (bytes) {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(t)) return { error: `${name}: enter hex bytes starting with 0x.` };
    if (bytes[1] && (t.length - 2) / 2 !== Number(bytes[1]))
      return { error: `${name}: a ${type} is exactly ${bytes[1]} bytes.` };
    return { value: t as Hex };
  }
  return { value: text };
}

export type ValidationResult = { errors: Record<string, string>; actions?: RawAction[]; description?: string };

/** Field ids the form and its errors share. */
export const fieldId = {
  description: "proposal-description",
  setting: (i: number) => `action-${i}-setting`,
  param: (i: number, j: number) => `action-${i}-param-${j}`,
  target: (i: number) => `action-${i}-target`,
  fn: (i: number) => `action-${i}-function`,
  arg: (i: number, j: number) => `action-${i}-arg-${j}`,
  value: (i: number) => `action-${i}-value`,
};

/**
 * Checks every field and, when all are valid, builds the actions. Errors are keyed by field id
 * and name the field and what is expected.
 */
export function validateProposal(
  draft: ProposalDraft,
  contracts: readonly KnownContract[],
  settings?: GovernanceSettings,
): ValidationResult {
  const errors: Record<string, string> = {};
  const actions: RawAction[] = [];
  if (draft.actions.length === 0) errors.actions = "Add at least one action.";
  draft.actions.forEach((a, i) => {
    if (a.kind === "setting") {
      const def = settingById(a.settingId);
      const target = def && contracts.find((c) => c.name === def.contract);
      if (!def || !target) {
        errors[fieldId.setting(i)] = "Pick a setting to change.";
        return;
      }
      const args: unknown[] = [];
      def.params.forEach((p, j) => {
        const parsed = parseSettingValue(p, a.values[j] ?? "", settings);
        if (parsed.error !== undefined) errors[fieldId.param(i, j)] = parsed.error;
        else args.push(parsed.value);
      });
      if (args.length === def.params.length)
        actions.push({
          target: target.address,
          value: 0n,
          data: encodeFunctionData({ abi: target.abi, functionName: def.functionName, args }),
        });
      return;
    }
    const target = contracts.find((c) => c.name === a.contract);
    if (!target) {
      errors[fieldId.target(i)] = "Pick the contract to call.";
      return;
    }
    const fn = writableFunctions(target.abi).find((f) => functionSignature(f) === a.functionName);
    if (!fn) {
      errors[fieldId.fn(i)] = "Pick the function to call.";
      return;
    }
    const args: unknown[] = [];
    fn.inputs.forEach((p, j) => {
      const parsed = parseAbiArg(p, a.args[j] ?? "");
      if (parsed.error !== undefined) errors[fieldId.arg(i, j)] = parsed.error;
      else args.push(parsed.value);
    });
    let value = 0n;
    if (a.value.trim()) {
      const wei = parseDecimal(a.value, 18);
      if (wei === undefined) errors[fieldId.value(i)] = "ETH to send: enter an amount such as 0 or 0.5.";
      else if (fn.stateMutability !== "payable" && wei > 0n)
        errors[fieldId.value(i)] = `${fn.name} does not accept ETH: leave the amount at 0.`;
      else value = wei;
    }
    if (args.length !== fn.inputs.length || errors[fieldId.value(i)]) return;
    try {
      actions.push({
        target: target.address,
        value,
        data: encodeFunctionData({ abi: [fn], functionName: fn.name, args }),
      });
    } catch (error) {
      errors[fieldId.fn(i)] = `The arguments do not fit ${fn.name}: ${(error as Error).message.split("\n")[0]}`;
    }
  });
  const description = draft.description.trim();
  if (!description) errors[fieldId.description] = "Describe the proposal: what it changes and why.";
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, actions, description };
}
