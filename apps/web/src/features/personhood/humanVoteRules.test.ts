import { describe, expect, it } from "vitest";
import type { HumanHouse } from "@/data/personhood";
import { humanVoteDisabledReason } from "./humanVoteRules";

const house: HumanHouse = {
  proposalId: 1n,
  state: "Active",
  requireHumans: true,
  voteStart: 0,
  voteEnd: 10,
  scope: 99n,
  tally: { against: 0n, for: 1n, abstain: 0n, minTurnout: 3n },
  nullifiers: [555n],
};
const ok = { house, membership: "member" as const, nullifier: 777n };

describe("who may cast a human vote, and why not", () => {
  it("allows a member who has not voted", () => {
    expect(humanVoteDisabledReason(ok)).toBeUndefined();
  });
  it("refuses a proposal without a human house", () => {
    expect(humanVoteDisabledReason({ ...ok, house: { ...house, requireHumans: false } })).toMatch(
      /does not ask verified humans/,
    );
  });
  it("refuses when voting is not open", () => {
    expect(humanVoteDisabledReason({ ...ok, house: { ...house, state: "Pending" } })).toMatch(
      /Voting is not open: the proposal is pending/,
    );
  });
  it("asks for an identity, then membership", () => {
    expect(humanVoteDisabledReason({ ...ok, membership: "no-identity" })).toMatch(/Create or restore/);
    expect(humanVoteDisabledReason({ ...ok, membership: "not-member" })).toMatch(/not in the group/);
  });
  it("knows this identity already voted from its nullifier among HumanVoteCast events", () => {
    expect(humanVoteDisabledReason({ ...ok, nullifier: 555n })).toMatch(/already voted/);
  });
  it("passes on the wallet's reason", () => {
    expect(humanVoteDisabledReason({ ...ok, walletReason: "Connect a wallet first." })).toBe("Connect a wallet first.");
  });
});
