/** Fixture tasks for the task pages' tests (no chain involved). */
import { parseEther, zeroAddress } from "viem";
import { NATIVE_TOKEN, type TaskSummary } from "@/data/tasks";

export const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
export const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
export const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
export const AUSD = {
  address: "0x67d269191c92Caf3cD7723F116c85e6E9bf55933",
  symbol: "aUSD",
  decimals: 18,
  native: false,
} as const;

export function fixtureTask(overrides: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id: 1n,
    requester: ALICE,
    agent: undefined,
    token: NATIVE_TOKEN,
    state: "Open",
    bounty: parseEther("0.5"),
    stake: 0n,
    domain: 5,
    taskType: 1,
    inputHash: `0x${"11".repeat(32)}`,
    deadline: 2_000_000,
    reviewWindow: 86_400,
    reviewEndsAt: 0,
    submittedAt: 0,
    createdAt: 1_000_000,
    requirements: [],
    skills: [],
    parentId: 0n,
    depth: 0,
    maxDelegationDepth: 0,
    stakeBps: 1000,
    createdBlock: 10n,
    ...overrides,
  };
}

export const FIXTURE_TASKS: TaskSummary[] = [
  fixtureTask({ id: 1n }),
  fixtureTask({ id: 2n, token: AUSD, bounty: parseEther("250"), domain: 6 }),
  fixtureTask({ id: 3n, state: "Accepted", taskType: 2, domain: 8, bounty: parseEther("0.02"), agent: BOB }),
  fixtureTask({ id: 4n, state: "Submitted", bounty: parseEther("0.3"), agent: BOB, reviewEndsAt: 1_500_000 }),
  fixtureTask({ id: 5n, state: "Claimed", bounty: parseEther("0.2"), agent: CAROL }),
  fixtureTask({ id: 6n, state: "Accepted", taskType: 2, domain: 8, bounty: parseEther("0.2"), agent: BOB }),
];

export { zeroAddress };
