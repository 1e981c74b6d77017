/**
 * The group of verified humans (the personhood registry's one Semaphore group), rebuilt from the
 * registry's events in tree order, and the governor's human house as a member sees it.
 *
 * A proof of membership needs every leaf of the tree in order: the registry keeps only the root,
 * so the leaves come from the standard Semaphore events (MemberAdded, MembersAdded,
 * MemberUpdated, MemberRemoved). A removed member leaves a zero leaf; an updated one is replaced
 * in place, exactly as the registry's LeanIMT does.
 */
import { call, events, multiread } from "./chain";
import { PROPOSAL_STATES, type ProposalStateName } from "./governance";

/** One change of the group's leaves, in the order the chain applied them. */
export type MemberEvent =
  | { kind: "added"; index: bigint; commitment: bigint; order: EventOrder }
  | { kind: "batchAdded"; startIndex: bigint; commitments: readonly bigint[]; order: EventOrder }
  | { kind: "updated"; index: bigint; oldCommitment: bigint; newCommitment: bigint; order: EventOrder }
  | { kind: "removed"; index: bigint; commitment: bigint; order: EventOrder };

/** Where an event sits on the chain: block, then position in the block. */
export type EventOrder = { blockNumber: bigint; logIndex: number };

export class GroupEventsError extends Error {
  override name = "GroupEventsError";
}

function compareOrder(a: EventOrder, b: EventOrder): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/**
 * The tree's leaves after these events (any order: they are sorted by their place on the chain).
 * A leaf index that does not follow the tree's size, or a change of a leaf that is not there,
 * means the events are incomplete: that is an error, not a guess.
 */
export function membersFromEvents(list: readonly MemberEvent[]): bigint[] {
  const leaves: bigint[] = [];
  const sorted = [...list].sort((a, b) => compareOrder(a.order, b.order));
  for (const e of sorted) {
    switch (e.kind) {
      case "added":
        if (Number(e.index) !== leaves.length) {
          throw new GroupEventsError(`Member added at leaf ${e.index} but the tree has ${leaves.length} leaves.`);
        }
        leaves.push(e.commitment);
        break;
      case "batchAdded":
        if (Number(e.startIndex) !== leaves.length) {
          throw new GroupEventsError(
            `Members added from leaf ${e.startIndex} but the tree has ${leaves.length} leaves.`,
          );
        }
        leaves.push(...e.commitments);
        break;
      case "updated":
      case "removed": {
        const i = Number(e.index);
        const expected = e.kind === "updated" ? e.oldCommitment : e.commitment;
        if (i >= leaves.length || leaves[i] !== expected) {
          throw new GroupEventsError(`Leaf ${e.index} was ${e.kind} but does not hold that commitment.`);
        }
        leaves[i] = e.kind === "updated" ? e.newCommitment : 0n;
        break;
      }
    }
  }
  return leaves;
}

export type PersonhoodGroup = {
  /** Every leaf in tree order; a removed member is 0n. */
  members: bigint[];
  root: bigint;
  depth: number;
  size: number;
  /** Seconds a superseded root stays acceptable for proofs. */
  rootValidity: number;
};

type Log = { blockNumber: bigint; logIndex: number; args: Record<string, unknown> };

const order = (log: Log): EventOrder => ({ blockNumber: log.blockNumber, logIndex: log.logIndex });

/** The group as the registry holds it now, with its leaves from the events. */
export async function getPersonhoodGroup(): Promise<PersonhoodGroup> {
  const [added, batches, updated, removed, state] = await Promise.all([
    events("PersonhoodRegistry", "MemberAdded") as Promise<unknown> as Promise<Log[]>,
    events("PersonhoodRegistry", "MembersAdded") as Promise<unknown> as Promise<Log[]>,
    events("PersonhoodRegistry", "MemberUpdated") as Promise<unknown> as Promise<Log[]>,
    events("PersonhoodRegistry", "MemberRemoved") as Promise<unknown> as Promise<Log[]>,
    multiread<[bigint, bigint, bigint, number]>([
      call("PersonhoodRegistry", "root"),
      call("PersonhoodRegistry", "depth"),
      call("PersonhoodRegistry", "size"),
      call("PersonhoodRegistry", "rootValidity"),
    ]),
  ]);
  const list: MemberEvent[] = [
    ...added.map((l) => ({
      kind: "added" as const,
      index: l.args.index as bigint,
      commitment: l.args.identityCommitment as bigint,
      order: order(l),
    })),
    ...batches.map((l) => ({
      kind: "batchAdded" as const,
      startIndex: l.args.startIndex as bigint,
      commitments: l.args.identityCommitments as readonly bigint[],
      order: order(l),
    })),
    ...updated.map((l) => ({
      kind: "updated" as const,
      index: l.args.index as bigint,
      oldCommitment: l.args.identityCommitment as bigint,
      newCommitment: l.args.newIdentityCommitment as bigint,
      order: order(l),
    })),
    ...removed.map((l) => ({
      kind: "removed" as const,
      index: l.args.index as bigint,
      commitment: l.args.identityCommitment as bigint,
      order: order(l),
    })),
  ];
  const members = membersFromEvents(list);
  const [root, depth, size, rootValidity] = state;
  // Events read a moment apart from the views may straddle a new member: the caller retries.
  if (BigInt(members.length) !== size) {
    throw new GroupEventsError(`The registry has ${size} leaves but its events give ${members.length}: reload.`);
  }
  return { members, root, depth: Number(depth), size: Number(size), rootValidity: Number(rootValidity) };
}

/** Whether this commitment is a current member of the group. */
export async function isMember(commitment: bigint): Promise<boolean> {
  const [member] = await multiread<[boolean]>([call("PersonhoodRegistry", "isMember", [commitment])]);
  return member;
}

export type RegistrarStatus = {
  account: `0x${string}`;
  /** Whether governance has appointed this account to add verified humans. */
  active: boolean;
  /** How many members this account has added so far (MembersRegistered events). */
  registered: number;
};

/** Whether `account` is a registrar of the group, and how many members it has added. */
export async function getRegistrarStatus(account: `0x${string}`): Promise<RegistrarStatus> {
  const [[active], batches] = await Promise.all([
    multiread<[boolean]>([call("PersonhoodRegistry", "isRegistrar", [account])]),
    events("PersonhoodRegistry", "MembersRegistered", { registrar: account }) as Promise<unknown> as Promise<Log[]>,
  ]);
  const registered = batches.reduce((sum, l) => sum + Number(l.args.count as bigint), 0);
  return { account, active, registered };
}

/** Seconds a superseded root stays acceptable. */
export async function rootValidity(): Promise<number> {
  const [seconds] = await multiread<[number]>([call("PersonhoodRegistry", "rootValidity")]);
  return Number(seconds);
}

export type HumanHouse = {
  proposalId: bigint;
  state: ProposalStateName;
  requireHumans: boolean;
  voteStart: number;
  voteEnd: number;
  /** The Semaphore scope a human vote on this proposal must carry. */
  scope: bigint;
  tally: { against: bigint; for: bigint; abstain: bigint; minTurnout: bigint };
  /** Nullifiers that have voted (HumanVoteCast events): a member finds its own among them. */
  nullifiers: bigint[];
};

/** The human house of one proposal: whether it asks humans, its state, scope, tally and votes cast. */
export async function getHumanHouse(proposalId: bigint): Promise<HumanHouse> {
  const [core, state, scope, tally] = await multiread<
    [
      { requireHumans: boolean; voteStart: number; voteEnd: number },
      number,
      bigint,
      readonly [bigint, bigint, bigint, bigint],
    ]
  >([
    call("ReputationGovernor", "proposal", [proposalId]),
    call("ReputationGovernor", "state", [proposalId]),
    call("ReputationGovernor", "humanVoteScope", [proposalId]),
    call("ReputationGovernor", "humanVotes", [proposalId]),
  ]);
  const cast = (await events("ReputationGovernor", "HumanVoteCast", { proposalId })) as unknown as Log[];
  return {
    proposalId,
    state: PROPOSAL_STATES[state] ?? "Pending",
    requireHumans: core.requireHumans,
    voteStart: Number(core.voteStart),
    voteEnd: Number(core.voteEnd),
    scope,
    tally: { against: tally[0], for: tally[1], abstain: tally[2], minTurnout: tally[3] },
    nullifiers: cast.map((l) => l.args.nullifier as bigint),
  };
}
