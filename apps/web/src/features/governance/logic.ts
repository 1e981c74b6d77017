/**
 * The rules the governance pages apply, as pure functions: what a state looks like and what it
 * counts down to, why a button cannot be used, and whether a form's values are acceptable.
 */

import { formatDuration } from "@/components/ui";
import type { Proposal, ProposalStateName, Receipt } from "@/data/governance";

// ---------------------------------------------------------------- numbers

const WAD = 10n ** 18n;

/** A WAD power or tally with two decimals ("0.75"); a tiny non-zero value reads "<0.01". */
export function formatPower(value: bigint): string {
  if (value === 0n) return "0";
  const hundredths = (value * 100n + WAD / 2n) / WAD;
  if (hundredths === 0n) return "<0.01";
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, "0");
  return `${whole.toLocaleString("en-US")}.${frac}`;
}

export function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

// ---------------------------------------------------------------- states and countdowns

export type Tone = "neutral" | "good" | "warn" | "bad" | "info";

export const STATE_TONE: Record<ProposalStateName | "Unknown", Tone> = {
  Pending: "neutral",
  Active: "info",
  Defeated: "bad",
  Succeeded: "good",
  Queued: "warn",
  Vetoed: "bad",
  Executed: "good",
  Expired: "neutral",
  Unknown: "neutral",
};

export const STATE_WORDS: Record<ProposalStateName | "Unknown", string> = {
  Pending: "Voting has not opened yet.",
  Active: "Voting is open.",
  Defeated: "Voting is over: no quorum, more against than for, or the human house said no.",
  Succeeded: "Passed: anyone can queue it in the timelock before the queue period ends.",
  Queued: "In the timelock: verified humans can veto it until its delay ends, then anyone can execute it.",
  Vetoed: "Vetoed by verified humans in the timelock.",
  Executed: "Executed: its actions ran.",
  Expired: "Expired: not queued in time, or not executed within the timelock's grace period.",
  Unknown: "The governor reported a state this app does not know.",
};

export type CountdownTarget = { label: string; until: number };

/** What the proposal's state counts down to, if anything. */
export function countdownTarget(
  p: Pick<Proposal, "state" | "voteStart" | "voteEnd" | "queueDeadline" | "eta">,
): CountdownTarget | undefined {
  switch (p.state) {
    case "Pending":
      return { label: "Voting opens in", until: p.voteStart };
    case "Active":
      // voteEnd is the last second of voting: it closes when that second is over.
      return { label: "Voting closes in", until: p.voteEnd + 1 };
    case "Succeeded":
      return { label: "Queue within", until: p.queueDeadline + 1 };
    case "Queued":
      return p.eta ? { label: "Executable in", until: p.eta } : undefined;
    default:
      return undefined;
  }
}

/** "Voting closes in 3h 12m", or a note that the chain is about to move on. */
export function countdownText(target: CountdownTarget, now: number): string {
  const left = target.until - now;
  return left > 0 ? `${target.label} ${formatDuration(left)}` : "Updating…";
}

// ---------------------------------------------------------------- buttons

export type VoteContext = {
  /** Why the wallet cannot write (not connected, wrong network), from useWriteGuard. */
  guardReason?: string;
  state: ProposalStateName | "Unknown";
  now: number;
  /** Whether `now` comes from the chain yet (before that, the wall clock may be far off). */
  clockReady?: boolean;
  voteStart: number;
  voteEnd: number;
  receipt?: Receipt;
  /** The account's power at the snapshot. */
  snapshotPower?: bigint;
};

/** Why the account cannot vote on the proposal now, or undefined when it can. */
export function voteDisabledReason(c: VoteContext): string | undefined {
  if (c.guardReason) return c.guardReason;
  if (c.receipt?.voted) return `You already voted ${SUPPORT_WORDS[c.receipt.support] ?? ""}.`.replace(" .", ".");
  if (c.clockReady === false) return "Reading the chain's clock…";
  if (c.state === "Pending" || c.now < c.voteStart)
    return `Voting is not open yet: it opens in ${formatDuration(c.voteStart - c.now)}.`;
  if (c.state !== "Active" || c.now > c.voteEnd) return "Voting is over.";
  if (c.snapshotPower === undefined) return "Reading your voting power…";
  if (c.snapshotPower === 0n) return "You had no voting power at the proposal's snapshot.";
  if (c.receipt && c.receipt.taken >= c.snapshotPower)
    return "Your delegators have already voted with all of your power.";
  return undefined;
}

const SUPPORT_WORDS: Record<number, string> = { 0: "against", 1: "for", 2: "to abstain" };

export type ProposeContext = {
  guardReason?: string;
  power?: bigint;
  threshold?: bigint;
  openProposals?: number;
  maxOpenProposals?: number;
};

/** Why the account cannot propose, or undefined when it can. */
export function proposeDisabledReason(c: ProposeContext): string | undefined {
  if (c.guardReason) return c.guardReason;
  if (
    c.power === undefined ||
    c.threshold === undefined ||
    c.openProposals === undefined ||
    c.maxOpenProposals === undefined
  )
    return "Reading your voting power…";
  if (c.power < c.threshold)
    return `You need a voting power of ${formatPower(c.threshold)} to propose; you have ${formatPower(c.power)}.`;
  if (c.openProposals >= c.maxOpenProposals)
    return `You already have ${c.openProposals} open proposals, the most allowed (${c.maxOpenProposals}). Wait until one closes.`;
  return undefined;
}

/** Why a proposal cannot be queued now, or undefined when it can. */
export function queueDisabledReason(
  guardReason: string | undefined,
  state: ProposalStateName | "Unknown",
): string | undefined {
  if (guardReason) return guardReason;
  if (state !== "Succeeded") return "Only a proposal that passed can be queued.";
  return undefined;
}

// ---------------------------------------------------------------- parsing values

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "3600", "90m", "36h", "7d", "2w" -> seconds; undefined when it is not a duration. */
export function parseDuration(text: string): bigint | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = UNITS[(match[2] || "s").toLowerCase()] ?? 1;
  const seconds = Number(match[1]) * unit;
  if (!Number.isFinite(seconds) || !Number.isInteger(seconds)) return undefined;
  return BigInt(seconds);
}

/** "0.15" -> 0.15e18; undefined when it is not a non-negative decimal with at most 18 places. */
export function parseDecimal(text: string, decimals = 18): bigint | undefined {
  const match = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const frac = match[2] ?? "";
  if (frac.length > decimals) return undefined;
  return BigInt(match[1] ?? "0") * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

// ---------------------------------------------------------------- delegation form

export type DelegationInput = {
  to: string;
  /** Days the delegation lasts ("" for none, allowed only when open-ended delegations are). */
  days: string;
  account?: string;
  /** The ledger's longest delegation in seconds (0: open-ended allowed). */
  maxDurationSeconds: number;
};

export type DelegationCheck = {
  errors: { to?: string; days?: string };
  to?: `0x${string}`;
  /** Seconds from now until the expiry (0: no expiry). */
  seconds?: number;
};

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Checks the delegate's address and the duration against the ledger's maximum. */
export function validateDelegation(input: DelegationInput): DelegationCheck {
  const errors: DelegationCheck["errors"] = {};
  const to = input.to.trim();
  if (!to) errors.to = "Enter the address to delegate to.";
  else if (!ADDRESS.test(to)) errors.to = `"${to}" is not an address (0x followed by 40 hex digits).`;
  else if (/^0x0{40}$/.test(to)) errors.to = "The zero address cannot be a delegate.";
  else if (input.account && to.toLowerCase() === input.account.toLowerCase())
    errors.to = "You cannot delegate to yourself; revoke instead to vote with your own power.";

  const maxDays = input.maxDurationSeconds / 86400;
  const daysText = input.days.trim();
  let seconds: number | undefined;
  if (!daysText) {
    if (input.maxDurationSeconds > 0)
      errors.days = `Enter how many days the delegation lasts (at most ${formatMaxDays(maxDays)}).`;
    else seconds = 0;
  } else {
    const days = Number(daysText);
    if (!/^\d+(\.\d+)?$/.test(daysText) || !Number.isFinite(days) || days <= 0)
      errors.days = "Enter a number of days greater than 0.";
    else if (input.maxDurationSeconds > 0 && days * 86400 > input.maxDurationSeconds)
      errors.days = `A delegation lasts at most ${formatMaxDays(maxDays)}.`;
    else seconds = Math.round(days * 86400);
  }
  if (errors.to || errors.days) return { errors };
  return { errors, to: to as `0x${string}`, seconds };
}

function formatMaxDays(days: number): string {
  const rounded = Math.floor(days * 100) / 100;
  return `${rounded} day${rounded === 1 ? "" : "s"}`;
}

/**
 * The expiry to send: the chain's now plus the duration, kept a minute inside the maximum so that
 * the block that includes it (a little later) still accepts it.
 */
export function delegationExpiry(chainNow: number, seconds: number, maxDurationSeconds: number): number {
  if (seconds === 0) return 0;
  const latest = maxDurationSeconds > 0 ? chainNow + maxDurationSeconds - 60 : Number.POSITIVE_INFINITY;
  return Math.min(chainNow + seconds, latest);
}

/** A proposal id from the address bar: a decimal or 0x-hex uint256, else undefined. */
export function parseProposalId(text: string): bigint | undefined {
  const t = decodeURIComponent(text).trim();
  if (!/^(\d{1,78}|0x[0-9a-fA-F]{1,64})$/.test(t)) return undefined;
  const id = BigInt(t);
  return id < 2n ** 256n ? id : undefined;
}
