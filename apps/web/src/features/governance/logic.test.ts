import { describe, expect, it } from "vitest";
import { PROPOSAL_STATES, proposalStateName } from "@/data/governance";
import {
  countdownTarget,
  countdownText,
  delegationExpiry,
  formatPower,
  parseDecimal,
  parseDuration,
  parseProposalId,
  proposeDisabledReason,
  queueDisabledReason,
  STATE_TONE,
  validateDelegation,
  voteDisabledReason,
} from "./logic";

const WAD = 10n ** 18n;
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("proposal states", () => {
  it("maps the governor's enum in order", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(proposalStateName)).toEqual([
      "Pending",
      "Active",
      "Defeated",
      "Succeeded",
      "Queued",
      "Vetoed",
      "Executed",
      "Expired",
    ]);
  });
  it("names a number it does not know Unknown, and every state has a tone", () => {
    expect(proposalStateName(8)).toBe("Unknown");
    for (const s of PROPOSAL_STATES) expect(STATE_TONE[s]).toBeDefined();
  });
});

describe("countdown targets", () => {
  const p = { voteStart: 1_000, voteEnd: 2_000, queueDeadline: 5_000, eta: 9_000 };
  it("counts down to the start of voting while pending", () => {
    expect(countdownTarget({ ...p, state: "Pending" })).toEqual({ label: "Voting opens in", until: 1_000 });
  });
  it("counts down to the end of the last voting second while active", () => {
    expect(countdownTarget({ ...p, state: "Active" })).toEqual({ label: "Voting closes in", until: 2_001 });
  });
  it("counts down to the queue deadline once passed", () => {
    expect(countdownTarget({ ...p, state: "Succeeded" })).toEqual({ label: "Queue within", until: 5_001 });
  });
  it("counts down to the timelock's eta when queued, and nothing without one", () => {
    expect(countdownTarget({ ...p, state: "Queued" })).toEqual({ label: "Executable in", until: 9_000 });
    expect(countdownTarget({ ...p, eta: undefined, state: "Queued" })).toBeUndefined();
  });
  it("has nothing to count down to in final states", () => {
    for (const state of ["Defeated", "Vetoed", "Executed", "Expired"] as const)
      expect(countdownTarget({ ...p, state })).toBeUndefined();
  });
  it("writes the time left, and says it is updating once the target passed", () => {
    expect(countdownText({ label: "Voting closes in", until: 2_001 }, 2_001 - 3_725)).toBe("Voting closes in 1h 2m");
    expect(countdownText({ label: "Voting closes in", until: 2_001 }, 2_001)).toBe("Updating…");
  });
});

describe("vote button reasons", () => {
  const base = {
    state: "Active" as const,
    now: 1_500,
    voteStart: 1_000,
    voteEnd: 2_000,
    receipt: { voted: false, support: 0, weight: 0n, taken: 0n },
    snapshotPower: WAD,
  };
  it("allows a connected account with power during voting", () => {
    expect(voteDisabledReason(base)).toBeUndefined();
  });
  it("asks to connect first", () => {
    expect(voteDisabledReason({ ...base, guardReason: "Connect a wallet first." })).toBe("Connect a wallet first.");
  });
  it("says the account already voted, and how", () => {
    expect(voteDisabledReason({ ...base, receipt: { voted: true, support: 1, weight: WAD, taken: 0n } })).toBe(
      "You already voted for.",
    );
    expect(voteDisabledReason({ ...base, receipt: { voted: true, support: 2, weight: WAD, taken: 0n } })).toBe(
      "You already voted to abstain.",
    );
  });
  it("waits for the chain's clock before judging the window", () => {
    expect(voteDisabledReason({ ...base, clockReady: false })).toBe("Reading the chain's clock…");
  });
  it("says voting is not open yet, with when it opens", () => {
    expect(voteDisabledReason({ ...base, state: "Pending", now: 940 })).toBe(
      "Voting is not open yet: it opens in 1m 0s.",
    );
  });
  it("says voting is over", () => {
    expect(voteDisabledReason({ ...base, state: "Defeated", now: 2_100 })).toBe("Voting is over.");
    expect(voteDisabledReason({ ...base, now: 2_001 })).toBe("Voting is over.");
  });
  it("says the account had no power at the snapshot", () => {
    expect(voteDisabledReason({ ...base, snapshotPower: 0n })).toBe(
      "You had no voting power at the proposal's snapshot.",
    );
  });
  it("says delegators already cast all of the account's power", () => {
    expect(voteDisabledReason({ ...base, receipt: { voted: false, support: 0, weight: 0n, taken: WAD } })).toBe(
      "Your delegators have already voted with all of your power.",
    );
  });
});

describe("propose eligibility", () => {
  const base = { power: WAD / 2n, threshold: WAD / 10n, openProposals: 0, maxOpenProposals: 3 };
  it("allows an account above the threshold with a free slot", () => {
    expect(proposeDisabledReason(base)).toBeUndefined();
  });
  it("passes on the wallet's reason", () => {
    expect(proposeDisabledReason({ ...base, guardReason: "Connect a wallet first." })).toBe("Connect a wallet first.");
  });
  it("names the power needed and held when below the threshold", () => {
    expect(proposeDisabledReason({ ...base, power: WAD / 20n })).toBe(
      "You need a voting power of 0.10 to propose; you have 0.05.",
    );
  });
  it("names the cap when the account has too many open proposals", () => {
    expect(proposeDisabledReason({ ...base, openProposals: 3 })).toMatch(
      /already have 3 open proposals, the most allowed \(3\)/,
    );
  });
  it("waits for the account's power to be read", () => {
    expect(proposeDisabledReason({ ...base, power: undefined })).toBe("Reading your voting power…");
  });
  it("only queues a passed proposal", () => {
    expect(queueDisabledReason(undefined, "Succeeded")).toBeUndefined();
    expect(queueDisabledReason(undefined, "Active")).toBe("Only a proposal that passed can be queued.");
    expect(queueDisabledReason("Connect a wallet first.", "Succeeded")).toBe("Connect a wallet first.");
  });
});

describe("delegation form", () => {
  const year = 365 * 86_400;
  it("accepts an address and a duration within the maximum", () => {
    const check = validateDelegation({ to: ALICE, days: "30", maxDurationSeconds: year });
    expect(check.errors).toEqual({});
    expect(check).toMatchObject({ to: ALICE, seconds: 30 * 86_400 });
  });
  it("names a bad address, the zero address, and the account itself", () => {
    expect(validateDelegation({ to: "0x123", days: "1", maxDurationSeconds: year }).errors.to).toMatch(
      /not an address/,
    );
    expect(validateDelegation({ to: `0x${"0".repeat(40)}`, days: "1", maxDurationSeconds: year }).errors.to).toMatch(
      /zero address/,
    );
    expect(
      validateDelegation({ to: ALICE, days: "1", account: ALICE.toLowerCase(), maxDurationSeconds: year }).errors.to,
    ).toMatch(/cannot delegate to yourself/);
    expect(validateDelegation({ to: " ", days: "1", maxDurationSeconds: year }).errors.to).toBe(
      "Enter the address to delegate to.",
    );
  });
  it("rejects a duration beyond the maximum, zero, or text", () => {
    expect(validateDelegation({ to: ALICE, days: "366", maxDurationSeconds: year }).errors.days).toBe(
      "A delegation lasts at most 365 days.",
    );
    expect(validateDelegation({ to: ALICE, days: "0", maxDurationSeconds: year }).errors.days).toMatch(
      /greater than 0/,
    );
    expect(validateDelegation({ to: ALICE, days: "soon", maxDurationSeconds: year }).errors.days).toMatch(
      /greater than 0/,
    );
  });
  it("needs an expiry when the ledger caps durations, and allows none when it does not", () => {
    expect(validateDelegation({ to: ALICE, days: "", maxDurationSeconds: year }).errors.days).toMatch(
      /at most 365 days/,
    );
    expect(validateDelegation({ to: ALICE, days: "", maxDurationSeconds: 0 })).toMatchObject({ seconds: 0 });
  });
  it("keeps the expiry a minute inside the maximum", () => {
    expect(delegationExpiry(1_000, 86_400, year)).toBe(87_400);
    expect(delegationExpiry(1_000, year, year)).toBe(1_000 + year - 60);
    expect(delegationExpiry(1_000, 0, 0)).toBe(0);
  });
});

describe("numbers and ids", () => {
  it("writes powers with two decimals", () => {
    expect(formatPower(0n)).toBe("0");
    expect(formatPower(749_999_781_608_755_177n)).toBe("0.75");
    expect(formatPower(1n)).toBe("<0.01");
    expect(formatPower(12_345n * WAD)).toBe("12,345.00");
  });
  it("parses durations with units and rejects others", () => {
    expect(parseDuration("3600")).toBe(3600n);
    expect(parseDuration("36h")).toBe(129_600n);
    expect(parseDuration("7d")).toBe(604_800n);
    expect(parseDuration("1.5h")).toBe(5_400n);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("-5")).toBeUndefined();
  });
  it("parses decimals exactly", () => {
    expect(parseDecimal("0.15")).toBe(15n * 10n ** 16n);
    expect(parseDecimal("12.5", 2)).toBe(1250n);
    expect(parseDecimal("1.234", 2)).toBeUndefined();
  });
  it("reads proposal ids in decimal or hex, and nothing else", () => {
    expect(parseProposalId("42")).toBe(42n);
    expect(parseProposalId("0x2a")).toBe(42n);
    expect(parseProposalId("abc")).toBeUndefined();
    expect(parseProposalId("9".repeat(79))).toBeUndefined();
  });
});
