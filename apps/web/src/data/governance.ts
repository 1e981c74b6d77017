/**
 * Governance reads: proposals (from ProposalCreated events and one multicall of their state and
 * tallies), one proposal with the connected account's receipt and the votes cast, the governor's
 * and the timelock's settings, and a voter's power with its whole delegation chain.
 *
 * The pure helpers (state names, action decoding, delegation chains, delegators from events) are
 * exported for the pages and their tests.
 */
import type { AosContractName } from "@aos/sdk";
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  decodeFunctionData,
  formatEther,
  getAddress,
  type Hex,
  isAddressEqual,
  zeroAddress,
} from "viem";
import { AOS_CONTRACT_NAMES, call, chainNow, contract, events, multiread } from "./chain";

// ---------------------------------------------------------------- states

/** The governor's ProposalState enum, in order. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Defeated",
  "Succeeded",
  "Queued",
  "Vetoed",
  "Executed",
  "Expired",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** The name of the governor's state number (an unknown number reads as "Unknown"). */
export function proposalStateName(state: number): ProposalStateName | "Unknown" {
  return PROPOSAL_STATES[state] ?? "Unknown";
}

export const SUPPORT_NAMES = ["Against", "For", "Abstain"] as const;
export type SupportName = (typeof SUPPORT_NAMES)[number];

// ---------------------------------------------------------------- actions

export type RawAction = { target: Address; value: bigint; data: Hex };

export type DecodedAction = RawAction & {
  /** The AOS contract at the target, if it is one. */
  contractName?: AosContractName;
  functionName?: string;
  /** Each argument with its ABI name and a readable value. */
  args?: { name: string; type: string; value: string; meaning?: string }[];
  /** One line: "ReputationGovernor.setVotingPeriod(86400)" or "Call 0xabcd…1234 with 0x12345678…". */
  text: string;
};

export type KnownContract = { name: AosContractName; address: Address; abi: Abi };

/** Every AOS contract on the app's chain (name, address, ABI). */
export function aosContracts(): KnownContract[] {
  const out: KnownContract[] = [];
  for (const name of AOS_CONTRACT_NAMES) {
    try {
      const c = contract(name);
      out.push({ name, address: c.address, abi: c.abi as Abi });
    } catch {
      // Not deployed on this chain: it simply cannot be a target.
    }
  }
  return out;
}

const DURATION_NAME = /(period|delay|halflife|duration|extension|length|validity)$/i;
const WAD_NAME = /(alpha|threshold|weight)$/i;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Seconds as the largest whole unit that divides them ("365 days", "1 hour", "90 seconds"). */
export function describeSeconds(seconds: bigint | number): string {
  const s = Number(seconds);
  if (s !== 0 && s % 86400 === 0) return plural(s / 86400, "day");
  if (s !== 0 && s % 3600 === 0) return plural(s / 3600, "hour");
  if (s !== 0 && s % 60 === 0) return plural(s / 60, "minute");
  return plural(s, "second");
}

/** A WAD (1e18) fixed-point value as a decimal ("0.15"). */
export function formatWad(value: bigint): string {
  const text = formatEther(value);
  return text.includes(".") ? text : `${text}`;
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value.startsWith("0x") ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(", ")}}`;
  return String(value);
}

/** What a number means, when its parameter's name says (a duration, a WAD share, basis points). */
function meaningOf(param: AbiParameter, value: unknown): string | undefined {
  if (typeof value !== "bigint" && typeof value !== "number") return undefined;
  const name = param.name ?? "";
  if (DURATION_NAME.test(name)) return describeSeconds(value);
  if (/bps$/i.test(name)) return `${Number(value) / 100}%`;
  if (WAD_NAME.test(name) && BigInt(value) >= 10n ** 12n) return formatWad(BigInt(value));
  return undefined;
}

function shortHex(hex: string, keep = 10): string {
  return hex.length <= keep + 6 ? hex : `${hex.slice(0, keep)}…${hex.slice(-4)}`;
}

/**
 * An action in words. When the target is an AOS contract and the data decodes with its ABI:
 * "ReputationGovernor.setVotingPeriod(86400)"; otherwise the raw call. ETH sent is appended.
 */
export function decodeAction(action: RawAction, known: readonly KnownContract[] = aosContracts()): DecodedAction {
  const target = known.find((c) => isAddressEqual(c.address, action.target));
  const sends = action.value > 0n ? `, sending ${formatEther(action.value)} ETH` : "";
  if (target) {
    try {
      const decoded = decodeFunctionData({ abi: target.abi, data: action.data });
      const fn = target.abi.find(
        (item): item is AbiFunction =>
          item.type === "function" &&
          item.name === decoded.functionName &&
          item.inputs.length === (decoded.args?.length ?? 0),
      );
      const args = (decoded.args ?? []).map((value, i) => {
        const param = fn?.inputs[i] ?? { type: "unknown", name: `arg${i}` };
        return {
          name: param.name || `arg${i}`,
          type: param.type,
          value: formatValue(value),
          meaning: meaningOf(param, value),
        };
      });
      return {
        ...action,
        contractName: target.name,
        functionName: decoded.functionName,
        args,
        text: `${target.name}.${decoded.functionName}(${args.map((a) => a.value).join(", ")})${sends}`,
      };
    } catch {
      return {
        ...action,
        contractName: target.name,
        text: `${target.name}: unknown call ${shortHex(action.data)}${sends}`,
      };
    }
  }
  const what = action.data === "0x" ? "Send to" : "Call";
  const data = action.data === "0x" ? "" : ` with ${shortHex(action.data)}`;
  return { ...action, text: `${what} ${action.target}${data}${sends}` };
}

// ---------------------------------------------------------------- proposals

export type Tallies = { against: bigint; for: bigint; abstain: bigint };

export type Proposal = {
  id: bigint;
  proposer: Address;
  description: string;
  actions: DecodedAction[];
  state: ProposalStateName | "Unknown";
  /** Weights count as they stood at the end of this second. */
  snapshot: number;
  voteStart: number;
  voteEnd: number;
  /** The last second a succeeded proposal can be queued. */
  queueDeadline: number;
  quorumBps: number;
  /** Weight for + against + abstain must reach. */
  quorum: bigint;
  votes: Tallies;
  requireHumans: boolean;
  humanVotes: Tallies & { minTurnout: bigint };
  /** The timelock request holding its actions, once queued. */
  requestId?: bigint;
  /** When the queued request becomes executable (unix seconds). */
  eta?: number;
  createdBlock: bigint;
  createdTx: Hex;
};

type ProposalCoreRead = {
  proposer: Address;
  snapshot: number;
  voteStart: number;
  voteEnd: number;
  quorumBps: number;
  requireHumans: boolean;
  feedbackSettled: boolean;
  timelock: Address;
  requestId: bigint;
};

/** Event arguments as strict decoding guarantees them (the events are read with strict: true). */
function strict<T>(args: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return args as never;
}

type CreatedEvent = Awaited<ReturnType<typeof createdEvents>>[number];

function createdEvents(proposalId?: bigint) {
  return events("ReputationGovernor", "ProposalCreated", proposalId === undefined ? undefined : { proposalId });
}

async function assemble(created: readonly CreatedEvent[]): Promise<Proposal[]> {
  if (created.length === 0) return [];
  const known = aosContracts();
  const ids = created.map((e) => strict(e.args).proposalId);
  const reads = await multiread<unknown[]>([
    call("ReputationGovernor", "settings"),
    ...ids.flatMap((id) => [
      call("ReputationGovernor", "state", [id]),
      call("ReputationGovernor", "proposal", [id]),
      call("ReputationGovernor", "proposalVotes", [id]),
      call("ReputationGovernor", "humanVotes", [id]),
      call("ReputationGovernor", "quorum", [id]),
    ]),
  ]);
  const { queuePeriod } = reads[0] as { queuePeriod: number };
  const proposals = created.map((event, i): Proposal => {
    const args = strict(event.args);
    const at = 1 + i * 5;
    const state = reads[at] as number;
    const core = reads[at + 1] as ProposalCoreRead;
    const [against, forVotes, abstain] = reads[at + 2] as readonly [bigint, bigint, bigint];
    const [hAgainst, hFor, hAbstain, minTurnout] = reads[at + 3] as readonly [bigint, bigint, bigint, bigint];
    const queued = core.timelock !== zeroAddress;
    return {
      id: args.proposalId,
      proposer: getAddress(args.proposer),
      description: args.description,
      actions: args.actions.map((a) => decodeAction({ target: a.target, value: a.value, data: a.data }, known)),
      state: proposalStateName(state),
      snapshot: Number(core.snapshot),
      voteStart: Number(core.voteStart),
      voteEnd: Number(core.voteEnd),
      queueDeadline: Number(core.voteEnd) + Number(queuePeriod),
      quorumBps: Number(core.quorumBps),
      quorum: reads[at + 4] as bigint,
      votes: { against, for: forVotes, abstain },
      requireHumans: core.requireHumans,
      humanVotes: { against: hAgainst, for: hFor, abstain: hAbstain, minTurnout },
      requestId: queued ? core.requestId : undefined,
      createdBlock: event.blockNumber,
      createdTx: event.transactionHash,
    };
  });
  // Queued proposals: when their request becomes executable.
  const queued = proposals.filter((p) => p.requestId !== undefined);
  if (queued.length > 0) {
    const requests = await multiread<{ eta: number }[]>(
      queued.map((p) => call("AgentTimelock", "request", [p.requestId])),
    );
    queued.forEach((p, i) => {
      p.eta = Number(requests[i]?.eta ?? 0);
    });
  }
  return proposals;
}

/** Every proposal, newest first. */
export async function listProposals(): Promise<Proposal[]> {
  const created = await createdEvents();
  const proposals = await assemble(created);
  return proposals.reverse();
}

export type Receipt = { voted: boolean; support: number; weight: bigint; taken: bigint };

export type CastVote = {
  voter: Address;
  support: number;
  /** What it cast; later votes of its delegators may have taken part of it back. */
  weight: bigint;
  /** Weight taken back from it by delegators who voted after it. */
  overridden: bigint;
  block: bigint;
  tx: Hex;
};

export type HumanVoteEvent = { support: number; nullifier: bigint; block: bigint; tx: Hex };

export type ProposalDetail = Proposal & {
  votesCast: CastVote[];
  humanVotesCast: HumanVoteEvent[];
  /** The connected account's part, when one is given. */
  account?: {
    address: Address;
    receipt: Receipt;
    /** Its power at the snapshot (own weight plus what was delegated to it). */
    snapshotPower: bigint;
  };
  /** The raw actions and description, as `queue` needs them. */
  queueArgs: { actions: RawAction[]; description: string };
};

/** One proposal, or null when no proposal has this id. */
export async function getProposal(id: bigint, account?: Address): Promise<ProposalDetail | null> {
  const created = await createdEvents(id);
  const event = created.find((e) => strict(e.args).proposalId === id);
  if (!event) return null;
  const [base] = await assemble([event]);
  if (!base) return null;
  const [cast, overridden, human, accountReads] = await Promise.all([
    events("ReputationGovernor", "VoteCast", { proposalId: id }),
    events("ReputationGovernor", "VoteOverridden", { proposalId: id }),
    base.requireHumans ? events("ReputationGovernor", "HumanVoteCast", { proposalId: id }) : Promise.resolve([]),
    account
      ? multiread<[Receipt, bigint]>([
          call("ReputationGovernor", "receipt", [id, account]),
          call("ReputationVotes", "powerAt", [account, BigInt(base.snapshot)]),
        ])
      : Promise.resolve(undefined),
  ]);
  const takenFrom = new Map<string, bigint>();
  for (const o of overridden) {
    const { delegate, weight } = strict(o.args);
    const key = delegate.toLowerCase();
    takenFrom.set(key, (takenFrom.get(key) ?? 0n) + weight);
  }
  return {
    ...base,
    votesCast: cast.map((e) => {
      const { voter, support, weight } = strict(e.args);
      return {
        voter: getAddress(voter),
        support: Number(support),
        weight,
        overridden: takenFrom.get(voter.toLowerCase()) ?? 0n,
        block: e.blockNumber,
        tx: e.transactionHash,
      };
    }),
    humanVotesCast: (human as Awaited<ReturnType<typeof events<"ReputationGovernor", "HumanVoteCast">>>).map((e) => {
      const { support, nullifier } = strict(e.args);
      return { support: Number(support), nullifier, block: e.blockNumber, tx: e.transactionHash };
    }),
    account:
      account && accountReads
        ? {
            address: getAddress(account),
            receipt: {
              voted: accountReads[0].voted,
              support: Number(accountReads[0].support),
              weight: BigInt(accountReads[0].weight),
              taken: BigInt(accountReads[0].taken),
            },
            snapshotPower: accountReads[1],
          }
        : undefined,
    queueArgs: {
      actions: strict(event.args).actions.map((a) => ({ target: a.target, value: a.value, data: a.data })),
      description: strict(event.args).description,
    },
  };
}

// ---------------------------------------------------------------- settings

export type GovernanceSettings = {
  votingDelay: number;
  votingPeriod: number;
  /** Current power (WAD) needed to propose. */
  proposalThreshold: bigint;
  maxOpenProposals: number;
  quorumBps: number;
  minHumanTurnout: number;
  queuePeriod: number;
  executedGainWeight: bigint;
  defeatedLossWeight: bigint;
  vetoedLossWeight: bigint;
  /** The vote ledger. */
  maxDepth: number;
  /** Longest delegation allowed in seconds (0: open-ended allowed). */
  maxDelegationDuration: number;
  totalWeight: bigint;
  /** The agent timelock. */
  timelock: {
    delay: number;
    minDelay: number;
    gracePeriod: number;
    vetoExtension: number;
    maxVetoExtension: number;
    epochLength: number;
    allowancePerEpoch: number;
    costPerAction: number;
    vetoThreshold: number;
    vetoesPerEpoch: number;
    vetoBudgetSlashBps: number;
    vetoKarmaWeight: bigint;
  };
  karma: { halfLife: number; alpha: bigint };
};

export async function getGovernanceSettings(): Promise<GovernanceSettings> {
  const [s, maxDepth, maxDelegationDuration, totalWeight, tl, minDelay, halfLife, alpha] = await multiread<
    [
      Omit<GovernanceSettings, "maxDepth" | "maxDelegationDuration" | "totalWeight" | "timelock" | "karma">,
      number,
      number,
      bigint,
      Omit<GovernanceSettings["timelock"], "minDelay">,
      number,
      number,
      bigint,
    ]
  >([
    call("ReputationGovernor", "settings"),
    call("ReputationVotes", "maxDepth"),
    call("ReputationVotes", "maxDelegationDuration"),
    call("ReputationVotes", "totalWeight"),
    call("AgentTimelock", "config"),
    call("AgentTimelock", "minDelay"),
    call("KarmaRegistry", "halfLife"),
    call("KarmaRegistry", "alpha"),
  ]);
  return {
    votingDelay: Number(s.votingDelay),
    votingPeriod: Number(s.votingPeriod),
    proposalThreshold: BigInt(s.proposalThreshold),
    maxOpenProposals: Number(s.maxOpenProposals),
    quorumBps: Number(s.quorumBps),
    minHumanTurnout: Number(s.minHumanTurnout),
    queuePeriod: Number(s.queuePeriod),
    executedGainWeight: BigInt(s.executedGainWeight),
    defeatedLossWeight: BigInt(s.defeatedLossWeight),
    vetoedLossWeight: BigInt(s.vetoedLossWeight),
    maxDepth: Number(maxDepth),
    maxDelegationDuration: Number(maxDelegationDuration),
    totalWeight,
    timelock: {
      delay: Number(tl.delay),
      minDelay: Number(minDelay),
      gracePeriod: Number(tl.gracePeriod),
      vetoExtension: Number(tl.vetoExtension),
      maxVetoExtension: Number(tl.maxVetoExtension),
      epochLength: Number(tl.epochLength),
      allowancePerEpoch: Number(tl.allowancePerEpoch),
      costPerAction: Number(tl.costPerAction),
      vetoThreshold: Number(tl.vetoThreshold),
      vetoesPerEpoch: Number(tl.vetoesPerEpoch),
      vetoBudgetSlashBps: Number(tl.vetoBudgetSlashBps),
      vetoKarmaWeight: BigInt(tl.vetoKarmaWeight),
    },
    karma: { halfLife: Number(halfLife), alpha },
  };
}

/** The chain's clock: its latest block time and the wall clock when it was read (both seconds). */
export async function getChainClock(): Promise<{ chainNow: number; readAt: number }> {
  const now = await chainNow();
  return { chainNow: now, readAt: Date.now() / 1000 };
}

// ---------------------------------------------------------------- voters and delegation

export type ChainHop = { address: Address; power: bigint; expiry: number };

/**
 * The accounts above `start`: its delegate, that one's delegate, ... each with its power and the
 * expiry of the delegation that leads to it. Stops at an account that does not delegate, at an
 * account already seen (a cycle, which the contract forbids but a reader must not loop on), or
 * after `maxHops`.
 */
export async function followDelegationChain(
  start: Address,
  read: (account: Address) => Promise<{ delegatee: Address; expiry: number; power: bigint }>,
  maxHops = 8,
): Promise<{ hops: ChainHop[]; cycle: boolean }> {
  const seen = new Set<string>([start.toLowerCase()]);
  const hops: ChainHop[] = [];
  let current = start;
  for (let i = 0; i < maxHops; i++) {
    const { delegatee, expiry } = await read(current);
    if (delegatee === zeroAddress) return { hops, cycle: false };
    if (seen.has(delegatee.toLowerCase())) return { hops, cycle: true };
    seen.add(delegatee.toLowerCase());
    const { power } = await read(delegatee);
    hops.push({ address: getAddress(delegatee), power, expiry });
    current = delegatee;
  }
  return { hops, cycle: false };
}

export type DelegationEvent = { delegator: Address; newDelegate: Address; expiry: number };

/**
 * Who delegates to `account` now, replaying DelegationChanged events oldest first: each
 * delegator's last event says where its weight goes. Expired delegations are kept and marked
 * (they carry weight until someone clears them).
 */
export function currentDelegators(
  log: readonly DelegationEvent[],
  account: Address,
  now: number,
): { delegator: Address; expiry: number; expired: boolean }[] {
  const latest = new Map<string, DelegationEvent>();
  for (const e of log) latest.set(e.delegator.toLowerCase(), e);
  return [...latest.values()]
    .filter((e) => e.newDelegate !== zeroAddress && isAddressEqual(e.newDelegate, account))
    .map((e) => ({
      delegator: getAddress(e.delegator),
      expiry: e.expiry,
      expired: e.expiry !== 0 && e.expiry < now,
    }));
}

export type Voter = {
  address: Address;
  power: bigint;
  ownWeight: bigint;
  /** Current delegation (delegatee zero: none; expired delegations read as none). */
  delegation: { delegatee: Address; expiry: number };
  /** The stored delegation, expired or not (what `undelegate` ends). */
  storedDelegation: { delegatee: Address; expiry: number };
  delegationHeight: number;
  refusesDelegations: boolean;
  openProposals: number;
  /** The accounts above this one, nearest first, with their powers. */
  chain: ChainHop[];
  chainHasCycle: boolean;
  /** Who delegates directly to this account. */
  delegators: { delegator: Address; expiry: number; expired: boolean; power: bigint }[];
};

export async function getVoter(account: Address): Promise<Voter> {
  const [power, ownWeight, delegation, stored, height, refuses, open, maxDepth] = await multiread<
    [bigint, bigint, readonly [Address, number], readonly [Address, number], number, boolean, bigint, number]
  >([
    call("ReputationVotes", "powerOf", [account]),
    call("ReputationVotes", "ownWeightOf", [account]),
    call("ReputationVotes", "delegationOf", [account]),
    call("ReputationVotes", "storedDelegationOf", [account]),
    call("ReputationVotes", "delegationHeightOf", [account]),
    call("ReputationVotes", "refusesDelegations", [account]),
    call("ReputationGovernor", "openProposalsOf", [account]),
    call("ReputationVotes", "maxDepth"),
  ]);
  const cache = new Map<string, Promise<{ delegatee: Address; expiry: number; power: bigint }>>();
  cache.set(account.toLowerCase(), Promise.resolve({ delegatee: delegation[0], expiry: Number(delegation[1]), power }));
  const read = (a: Address) => {
    const key = a.toLowerCase();
    let hit = cache.get(key);
    if (!hit) {
      hit = multiread<[readonly [Address, number], bigint]>([
        call("ReputationVotes", "delegationOf", [a]),
        call("ReputationVotes", "powerOf", [a]),
      ]).then(([d, p]) => ({ delegatee: d[0], expiry: Number(d[1]), power: p }));
      cache.set(key, hit);
    }
    return hit;
  };
  const [{ hops, cycle }, log, now] = await Promise.all([
    followDelegationChain(account, read, Number(maxDepth) + 1),
    events("ReputationVotes", "DelegationChanged", { newDelegate: account }).then(async (toAccount) => {
      // A delegator's later move away from the account is in an event that names another
      // delegate: read every event of these delegators to know where they are now.
      const candidates = [...new Set(toAccount.map((e) => strict(e.args).delegator))];
      if (candidates.length === 0) return [];
      return events("ReputationVotes", "DelegationChanged", { delegator: candidates });
    }),
    chainNow(),
  ]);
  const delegators = currentDelegators(
    log.map((e) => {
      const { delegator, newDelegate, expiry } = strict(e.args);
      return { delegator, newDelegate, expiry: Number(expiry) };
    }),
    account,
    now,
  );
  const powers = await multiread<bigint[]>(delegators.map((d) => call("ReputationVotes", "powerOf", [d.delegator])));
  return {
    address: getAddress(account),
    power,
    ownWeight,
    delegation: { delegatee: delegation[0], expiry: Number(delegation[1]) },
    storedDelegation: { delegatee: stored[0], expiry: Number(stored[1]) },
    delegationHeight: Number(height),
    refusesDelegations: refuses,
    openProposals: Number(open),
    chain: hops,
    chainHasCycle: cycle,
    delegators: delegators.map((d, i) => ({ ...d, power: powers[i] ?? 0n })),
  };
}

export { contract };
