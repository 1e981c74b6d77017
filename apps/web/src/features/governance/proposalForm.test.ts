import { agentTimelockAbi, karmaRegistryAbi, reputationGovernorAbi } from "@aos/sdk";
import type { Abi, Address } from "viem";
import { describe, expect, it } from "vitest";
import { decodeAction, type GovernanceSettings, type KnownContract } from "@/data/governance";
import { fieldId, type ProposalDraft, SETTINGS, settingById, settingDraft, validateProposal } from "./proposalForm";

const GOV = "0x00000000000000000000000000000000000000a1" as Address;
const KARMA = "0x00000000000000000000000000000000000000a2" as Address;
const TL = "0x00000000000000000000000000000000000000a3" as Address;
const contracts: KnownContract[] = [
  { name: "ReputationGovernor", address: GOV, abi: reputationGovernorAbi as Abi },
  { name: "KarmaRegistry", address: KARMA, abi: karmaRegistryAbi as Abi },
  { name: "AgentTimelock", address: TL, abi: agentTimelockAbi as Abi },
];

const WAD = 10n ** 18n;
const settings: GovernanceSettings = {
  votingDelay: 3600,
  votingPeriod: 86_400,
  proposalThreshold: WAD / 10n,
  maxOpenProposals: 3,
  quorumBps: 4000,
  minHumanTurnout: 1,
  queuePeriod: 1_209_600,
  executedGainWeight: WAD,
  defeatedLossWeight: WAD / 2n,
  vetoedLossWeight: WAD,
  maxDepth: 4,
  maxDelegationDuration: 31_536_000,
  totalWeight: 3n * WAD,
  timelock: {
    delay: 604_800,
    minDelay: 172_800,
    gracePeriod: 1_209_600,
    vetoExtension: 86_400,
    maxVetoExtension: 604_800,
    epochLength: 604_800,
    allowancePerEpoch: 100,
    costPerAction: 10,
    vetoThreshold: 1,
    vetoesPerEpoch: 3,
    vetoBudgetSlashBps: 5000,
    vetoKarmaWeight: WAD,
  },
  karma: { halfLife: 15_552_000, alpha: WAD / 10n },
};

function draft(actions: ProposalDraft["actions"], description = "Shorter votes\nBecause."): ProposalDraft {
  return { actions, description, requireHumans: false };
}
const setting = (id: string, values: string[]) => ({ kind: "setting" as const, settingId: id, values });

describe("propose form validation", () => {
  it("prefills each setting with its value now", () => {
    const period = settingById("gov.votingPeriod");
    expect(period && settingDraft(period, settings).values).toEqual(["1d"]);
    const quorum = settingById("gov.quorumBps");
    expect(quorum && settingDraft(quorum, settings).values).toEqual(["40"]);
    const threshold = settingById("gov.proposalThreshold");
    expect(threshold && settingDraft(threshold, settings).values).toEqual(["0.1"]);
    // Every prefilled setting is valid as it stands.
    for (const def of SETTINGS.filter((s) => s.params.every((p) => p.current))) {
      expect(validateProposal(draft([settingDraft(def, settings)]), contracts, settings).errors).toEqual({});
    }
  });

  it("builds the call a valid setting makes", () => {
    const result = validateProposal(draft([setting("gov.votingPeriod", ["36h"])]), contracts, settings);
    expect(result.errors).toEqual({});
    expect(result.description).toBe("Shorter votes\nBecause.");
    const [action] = result.actions ?? [];
    expect(action && decodeAction(action, contracts).text).toBe("ReputationGovernor.setVotingPeriod(129600)");
  });

  it("names a value out of range with the bounds in words", () => {
    const result = validateProposal(draft([setting("gov.votingPeriod", ["10m"])]), contracts, settings);
    expect(result.actions).toBeUndefined();
    expect(result.errors[fieldId.param(0, 0)]).toBe("Voting period must be between 1 hour and 90 days.");
    const quorum = validateProposal(draft([setting("gov.quorumBps", ["120"])]), contracts, settings);
    expect(quorum.errors[fieldId.param(0, 0)]).toBe("Quorum (%) must be between 0.01% and 100%.");
  });

  it("checks the timelock delay against its floor read from the chain", () => {
    const result = validateProposal(draft([setting("tl.delay", ["1d"])]), contracts, settings);
    expect(result.errors[fieldId.param(0, 0)]).toMatch(/Timelock delay must be between 2 days and/);
  });

  it("names a value that is not of the right kind", () => {
    const result = validateProposal(draft([setting("gov.votingDelay", ["soon"])]), contracts, settings);
    expect(result.errors[fieldId.param(0, 0)]).toBe("Voting delay: enter a duration such as 3600, 90m, 36h or 7d.");
  });

  it("names a bad address", () => {
    const result = validateProposal(draft([setting("tl.registerAgent", ["0x1234"])]), contracts, settings);
    expect(result.errors[fieldId.param(0, 0)]).toBe(
      'Agent address: "0x1234" is not an address (0x followed by 40 hex digits).',
    );
  });

  it("requires a description", () => {
    const result = validateProposal(draft([setting("gov.votingPeriod", ["2d"])], "   "), contracts, settings);
    expect(result.errors).toEqual({ [fieldId.description]: "Describe the proposal: what it changes and why." });
    expect(result.actions).toBeUndefined();
  });

  it("requires at least one action", () => {
    expect(validateProposal(draft([]), contracts, settings).errors.actions).toBe("Add at least one action.");
  });

  it("checks a raw call's arguments by their ABI types", () => {
    const raw = {
      kind: "raw" as const,
      contract: "KarmaRegistry" as const,
      functionName: "setHalfLife(uint32)",
      args: ["5000000000"],
      value: "",
    };
    const tooBig = validateProposal(draft([raw]), contracts, settings);
    expect(tooBig.errors[fieldId.arg(0, 0)]).toBe("newHalfLife: out of range for uint32 (0 to 4294967295).");
    const notNumber = validateProposal(draft([{ ...raw, args: ["1y"] }]), contracts, settings);
    expect(notNumber.errors[fieldId.arg(0, 0)]).toBe("newHalfLife: enter a whole number.");
    const ok = validateProposal(draft([{ ...raw, args: ["31536000"] }]), contracts, settings);
    expect(ok.actions?.[0] && decodeAction(ok.actions[0], contracts).text).toBe("KarmaRegistry.setHalfLife(31536000)");
  });

  it("refuses ETH on a function that does not accept it, and an unknown function", () => {
    const raw = {
      kind: "raw" as const,
      contract: "KarmaRegistry" as const,
      functionName: "setHalfLife(uint32)",
      args: ["31536000"],
      value: "1",
    };
    expect(validateProposal(draft([raw]), contracts, settings).errors[fieldId.value(0)]).toBe(
      "setHalfLife does not accept ETH: leave the amount at 0.",
    );
    expect(
      validateProposal(draft([{ ...raw, functionName: "nope()", value: "" }]), contracts, settings).errors[
        fieldId.fn(0)
      ],
    ).toBe("Pick the function to call.");
  });
});
