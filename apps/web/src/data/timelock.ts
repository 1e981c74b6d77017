/**
 * The agent timelock's queue: requests submitted by agents ("pull requests") and proposals the
 * governor queued, with their actions from the events and their state from the chain, and what a
 * human needs to veto one (its scope, the threshold, whether a nullifier is spent).
 */
import type { Address, Hex } from "viem";
import { call, chainNow, events, multiread } from "./chain";
import { aosContracts, type DecodedAction, decodeAction } from "./governance";

/** The timelock's request states, in the contract's order. */
export const REQUEST_STATES = ["None", "Queued", "Ready", "Executed", "Vetoed", "Expired", "Cancelled"] as const;
export type RequestStateName = (typeof REQUEST_STATES)[number];

/** An action of a request, decoded as proposals' actions are ("KarmaRegistry.setAlpha(…)"). */
export type RequestAction = DecodedAction;

export type AgentRequest = {
  id: bigint;
  /** The agent that submitted it, or the governor that queued it. */
  proposer: Address;
  origin: "agent" | "governor";
  /** The proposal a governor request carries. */
  proposalId?: bigint;
  description: string;
  actions: RequestAction[];
  state: RequestStateName;
  queuedAt: number;
  /** Earliest execution (unix seconds); vetoes short of the threshold move it later. */
  eta: number;
  vetoCount: number;
  vetoThreshold: number;
  vetoScope: bigint;
  /** A veto reached the threshold. */
  killed: boolean;
};

export type TimelockQueue = {
  requests: AgentRequest[];
  /** The chain's clock minus the wall clock, in seconds (countdowns use the chain's time). */
  clockOffset: number;
  chainTime: number;
  config: TimelockConfig;
};

export type TimelockConfig = {
  delay: number;
  gracePeriod: number;
  vetoExtension: number;
  maxVetoExtension: number;
  vetoThreshold: number;
  vetoesPerEpoch: number;
};

type Log = { args: Record<string, unknown> };

type RequestView = {
  proposer: Address;
  fromGovernor: boolean;
  state: number;
  queuedAt: number;
  eta: number;
  vetoCount: number;
  vetoScope: bigint;
};

const toActions = (value: unknown): RequestAction[] => {
  const known = aosContracts();
  return ((value as { target: Address; value: bigint; data: Hex }[]) ?? []).map((a) =>
    decodeAction({ target: a.target, value: a.value, data: a.data }, known),
  );
};

/** Every request in the timelock, newest first. */
export async function listAgentRequests(): Promise<TimelockQueue> {
  const [submitted, queued, vetoes] = (await Promise.all([
    events("AgentTimelock", "RequestSubmitted"),
    events("AgentTimelock", "ProposalQueued"),
    events("AgentTimelock", "VetoCast"),
  ])) as unknown as [Log[], Log[], Log[]];

  const base = new Map<bigint, Pick<AgentRequest, "id" | "description" | "actions" | "proposalId">>();
  for (const l of submitted) {
    const id = l.args.requestId as bigint;
    base.set(id, { id, description: String(l.args.description ?? ""), actions: toActions(l.args.actions) });
  }
  // A proposal's text is in the governor's ProposalCreated event; the timelock keeps only its hash.
  let descriptions = new Map<bigint, string>();
  if (queued.length > 0) {
    const created = (await events("ReputationGovernor", "ProposalCreated")) as unknown as Log[];
    descriptions = new Map(created.map((l) => [l.args.proposalId as bigint, String(l.args.description ?? "")]));
  }
  for (const l of queued) {
    const id = l.args.requestId as bigint;
    const proposalId = l.args.proposalId as bigint;
    base.set(id, {
      id,
      proposalId,
      description: descriptions.get(proposalId) ?? `Proposal ${proposalId}`,
      actions: toActions(l.args.actions),
    });
  }
  const killed = new Set(vetoes.filter((l) => l.args.killed === true).map((l) => l.args.requestId as bigint));

  const ids = [...base.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const [cfg, ...views] = await multiread<[TimelockConfig, ...RequestView[]]>([
    call("AgentTimelock", "config"),
    ...ids.map((id) => call("AgentTimelock", "request", [id])),
  ]);
  const chainTime = await chainNow();
  const config: TimelockConfig = {
    delay: Number(cfg.delay),
    gracePeriod: Number(cfg.gracePeriod),
    vetoExtension: Number(cfg.vetoExtension),
    maxVetoExtension: Number(cfg.maxVetoExtension),
    vetoThreshold: Number(cfg.vetoThreshold),
    vetoesPerEpoch: Number(cfg.vetoesPerEpoch),
  };
  const requests = ids.map((id, i): AgentRequest => {
    const v = views[i] as RequestView;
    const b = base.get(id)!;
    const state = REQUEST_STATES[v.state] ?? "None";
    return {
      ...b,
      proposer: v.proposer,
      origin: v.fromGovernor ? "governor" : "agent",
      state,
      queuedAt: Number(v.queuedAt),
      eta: Number(v.eta),
      vetoCount: Number(v.vetoCount),
      vetoThreshold: config.vetoThreshold,
      vetoScope: v.vetoScope,
      killed: killed.has(id) || state === "Vetoed",
    };
  });
  return { requests, config, chainTime, clockOffset: chainTime - Date.now() / 1000 };
}

/** The Semaphore scope a veto of this request must carry (its message is the request id). */
export async function vetoScope(requestId: bigint): Promise<bigint> {
  const [scope] = await multiread<[bigint]>([call("AgentTimelock", "vetoScope", [requestId])]);
  return scope;
}

/** Whether a veto nullifier is spent (one per human per veto scope). */
export async function vetoNullifierUsed(nullifier: bigint): Promise<boolean> {
  const [used] = await multiread<[boolean]>([call("AgentTimelock", "nullifierUsed", [nullifier])]);
  return used;
}
