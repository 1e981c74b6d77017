/**
 * The governance simulator: bots propose and vote with reputation weights and liquid
 * delegation under the shared governance parameters (packages/params), proposals pass
 * through 004's lifecycle (pending, active, defeated or succeeded, queued in the timelock,
 * vetoed by verified humans, executed, expired), and reputation feeds back on the result.
 *
 * Time: ticks of scenario.tickSeconds drive the population (arrivals, joins, delegation
 * renewals); every lifecycle step is an event at its exact time in a (time, sequence)
 * ordered heap, so latencies are not rounded to ticks. All randomness comes from seeded
 * Rng streams, so a run is a pure function of (scenario, seed).
 *
 * Hot path: closing a vote is O(bots x depth) on typed arrays: each bot's vote is drawn
 * once, and the tally walks the snapshotted delegation chains (see delegation.ts).
 */

import { type ProposalState, reputationFromUnits } from "../../../params/src/governance.ts";
import { Rng } from "../engine/rng.ts";
import { DelegationGraph, tallyVotes } from "./delegation.ts";
import { percentile, rocAuc } from "./metrics.ts";
import { MALICIOUS_STRATEGIES, type ResolvedScenario } from "./scenario.ts";

// Bot strategies.
const HONEST = 0;
const BYZANTINE = 1;
const SPAM = 2;
const COLLUSION = 3;
const FLIP = 4;
const SYBIL = 5;
const STRATEGY_NAMES = ["honest", "byzantine", "spam", "collusion", "flip", "sybil"] as const;
const STRATEGY_CODE: Record<(typeof MALICIOUS_STRATEGIES)[number], number> = {
  byzantine: BYZANTINE,
  spam: SPAM,
  collusion: COLLUSION,
  flip: FLIP,
};

// Votes.
const FOR = 1;
const AGAINST = 2;
const ABSTAIN = 3;

// Events.
const EV_PROPOSE = 0;
const EV_CLOSE = 1;
const EV_VETO = 2;
const EV_EXECUTE = 3;
const EV_PARTITION_START = 4;
const EV_PARTITION_END = 5;

// Proposal kinds.
const KIND_ORDINARY = 0;
const KIND_SKILL = 1;
const KIND_SPAM = 2;
const KIND_SYBIL = 3;
const KIND_AGENT_REQUEST = 4;
const KIND_NAMES = ["ordinary", "skill", "spam", "sybil", "agent_request"] as const;

const CONSENSUS_BINS = 96;
const INITIAL_TRUST = 0.8;
const NEWCOMER_TRUST = 0.5;
/** A malicious identity counts as detected when its reputation falls below this share of its start. */
const COLLAPSE_SHARE = 0.1;
const TIMELINE_LIMIT = 20_000;

export type SafetyViolationKind = "harmful_executed" | "good_blocked_by_malicious";

export interface ProposalRecord {
  id: number;
  proposer: number;
  kind: (typeof KIND_NAMES)[number];
  /** Ground truth. */
  harmful: boolean;
  domain: number;
  state: ProposalState;
  createdAt: number;
  activeAt: number;
  voteEnd: number;
  queuedAt: number;
  eta: number;
  extensionSeconds: number;
  vetoes: number;
  finalAt: number;
  forWeight: number;
  againstWeight: number;
  abstainWeight: number;
  totalWeight: number;
  quorumWeight: number;
  noQuorum: boolean;
  /** Seconds from the start of voting until the outcome could no longer change (NaN: no quorum). */
  consensusSeconds: number;
  /** Worst-case share of the snapshot weight malicious accounts control (own + delegated to them). */
  maliciousShare: number;
  /** Snapshot weight of honest bots that were reachable at some moment of the voting window. */
  honestReachableWeight: number;
  /** Weight cast by malicious accounts. */
  maliciousCast: number;
  /** Theory: honest reachable weight below quorum, so quorum needs malicious participation. */
  theoryNoQuorum: boolean;
  safetyViolation: SafetyViolationKind | null;
}

export interface IncidentEvent {
  t: number;
  type: string;
  proposal?: number;
  bot?: number;
}

export interface GovernanceMetrics {
  bots: number;
  maliciousBots: number;
  proposals: number;
  pending: number;
  active: number;
  defeated: number;
  succeeded: number;
  queued: number;
  vetoed: number;
  executed: number;
  expired: number;
  /** Proposal creation to final state (defeated, vetoed, executed or expired), hours. */
  decisionLatencyP50Hours: number;
  decisionLatencyP99Hours: number;
  /** Start of voting to the moment the outcome could no longer change, hours (votes with quorum). */
  timeToConsensusP50Hours: number;
  timeToConsensusMeanHours: number;
  /** Harmful proposals stopped (defeated or vetoed) + malicious identities detected. */
  incidentsDetected: number;
  harmfulStopped: number;
  maliciousDetected: number;
  /** ROC AUC of final reputation separating honest (higher) from malicious bots. */
  reputationAuc: number;
  safetyViolations: number;
  harmfulExecuted: number;
  goodBlockedByMalicious: number;
  /** Harmful proposals that won their vote (the human veto is the last line). */
  harmfulPassedVote: number;
  falseVetoes: number;
  /** Votes that closed without quorum. */
  livenessLost: number;
  livenessLostGood: number;
  /** Proposals for which theory says no quorum is possible without malicious votes. */
  theoryNoQuorum: number;
  /** Theory-impossible proposals that still reached quorum without malicious votes (must be 0). */
  theoryLivenessMismatches: number;
  maxMaliciousWeightShare: number;
  meanMaliciousWeightShare: number;
  rejectedThreshold: number;
  rejectedOpenCap: number;
  rejectedBudget: number;
  rejectedPartitioned: number;
  delegationsRejected: number;
  delegationsRevoked: number;
  simulatedHours: number;
}

export interface GovernanceCharts {
  /** One row per proposal: the decision flow and its latency. */
  decisionFlow: ProposalRecord[];
  /** Delegation edges at the end and each node's final reputation. */
  reputationNetwork: {
    nodes: { id: number; strategy: string; malicious: boolean; reputation: number }[];
    edges: { from: number; to: number }[];
  };
  /** Incidents on a timeline (times in seconds; capped), with totals by type. */
  incidents: { timeline: IncidentEvent[]; truncated: boolean; totals: Record<string, number> };
}

export interface GovernanceRunResult {
  scenario: string;
  seed: number | string;
  metrics: GovernanceMetrics;
  charts?: GovernanceCharts;
}

export interface RunOptions {
  seed: number | string;
  /** Called with the share of the run done, at most about 100 times. */
  onProgress?: (fraction: number) => void;
  /** Keep the per-proposal records, delegation network and timeline (default true). */
  charts?: boolean;
}

interface Counters {
  rejectedThreshold: number;
  rejectedOpenCap: number;
  rejectedBudget: number;
  rejectedPartitioned: number;
  delegationsRejected: number;
  delegationsRevoked: number;
  harmfulStopped: number;
  maliciousDetected: number;
  harmfulExecuted: number;
  goodBlocked: number;
  harmfulPassedVote: number;
  falseVetoes: number;
  livenessLost: number;
  livenessLostGood: number;
  theoryNoQuorum: number;
  theoryMismatch: number;
}

interface Snapshot {
  key: string;
  n: number;
  weights: Float64Array;
  chains: Int32Array;
  total: number;
  honestTotal: number;
  maliciousControlled: number;
}

interface Proposal extends ProposalRecord {
  snapshot: Snapshot | null;
  votes: Uint8Array | null;
  proposerRing: number;
}

interface Ev {
  t: number;
  seq: number;
  kind: number;
  a: number;
  b: number;
}

/** Binary min-heap on (t, seq). */
class EventHeap {
  private readonly items: Ev[] = [];
  private seq = 0;
  get size(): number {
    return this.items.length;
  }
  /** Pending events as flat [t, seq, kind, a, b]* plus the next sequence number. */
  dump(): { seq: number; events: Float64Array } {
    const events = new Float64Array(this.items.length * 5);
    this.items.forEach((e, i) => {
      events.set([e.t, e.seq, e.kind, e.a, e.b], i * 5);
    });
    return { seq: this.seq, events };
  }
  load(state: { seq: number; events: Float64Array }): void {
    this.items.length = 0;
    const ev = state.events;
    // The stored order is a valid heap order, so it can be taken as is.
    for (let i = 0; i < ev.length; i += 5) {
      this.items.push({
        t: ev[i] as number,
        seq: ev[i + 1] as number,
        kind: ev[i + 2] as number,
        a: ev[i + 3] as number,
        b: ev[i + 4] as number,
      });
    }
    this.seq = state.seq;
  }
  peekTime(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : (this.items[0] as Ev).t;
  }
  push(t: number, kind: number, a: number, b = 0): void {
    const items = this.items;
    const ev: Ev = { t, seq: this.seq++, kind, a, b };
    let i = items.length;
    items.push(ev);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as Ev;
      if (parent.t < t || (parent.t === t && parent.seq < ev.seq)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = ev;
  }
  pop(): Ev {
    const items = this.items;
    const top = items[0] as Ev;
    const last = items.pop() as Ev;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        const lc = items[l] as Ev;
        if (r < n) {
          const rc = items[r] as Ev;
          if (rc.t < lc.t || (rc.t === lc.t && rc.seq < lc.seq)) c = r;
        }
        const child = items[c] as Ev;
        if (last.t < child.t || (last.t === child.t && last.seq < child.seq)) break;
        items[i] = child;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Runs one scenario with one seed. */
export function runGovernanceSimulation(scenario: ResolvedScenario, options: RunOptions): GovernanceRunResult {
  return new GovernanceSimulation(scenario, options).run();
}

/** A paused run: the scenario, the seed and the whole state, as JSON-safe data. */
export interface GovernanceCheckpoint {
  format: "aos-governance-checkpoint/1";
  scenario: ResolvedScenario;
  seed: number | string;
  charts: boolean;
  state: {
    nextTick: number;
    started: boolean;
    drained: boolean;
    nBots: number;
    repVersion: number;
    growthCarry: number;
    domains: number;
    now: number;
    tick: number;
    rng: number[][];
    arrays: Record<string, string>;
    partMember: string[];
    graph: { parent: string; expiry: string; version: number };
    heap: { seq: number; events: string };
    renewals: [number, number[]][];
    snapshots: {
      key: string;
      n: number;
      weights: string;
      chains: string;
      total: number;
      honestTotal: number;
      maliciousControlled: number;
    }[];
    lastSnapshot: number;
    proposals: (ProposalRecord & { snapshot: number; votes: string | null; proposerRing: number })[];
    timeline: IncidentEvent[];
    incidentTotals: Record<string, number>;
    latencies: number[];
    consensus: number[];
    counters: Counters;
  };
}

/** Checkpoint to text: JSON, with NaN and infinities kept (as {"$num": "NaN"}). */
export function serializeCheckpoint(cp: GovernanceCheckpoint): string {
  return JSON.stringify(cp, (_k, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v,
  );
}

export function parseCheckpoint(text: string): GovernanceCheckpoint {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const num = (v as { $num?: unknown }).$num;
      if (keys.length === 1 && typeof num === "string") return Number(num);
    }
    return v;
  }) as GovernanceCheckpoint;
}

function toBase64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

function base64Length(data: string): number {
  return Buffer.byteLength(data, "base64");
}

function fromBase64Into(target: ArrayBufferView, data: string): void {
  const bytes = Buffer.from(data, "base64");
  if (bytes.length !== target.byteLength) {
    throw new Error(`checkpoint: array of ${target.byteLength} bytes expected, got ${bytes.length}`);
  }
  new Uint8Array(target.buffer, target.byteOffset, target.byteLength).set(bytes);
}

export class GovernanceSimulation {
  private readonly sc: ResolvedScenario;
  private readonly opts: RunOptions;
  private readonly collect: boolean;
  // Governance parameters in simulation units (seconds, reputation as floats).
  private readonly maxDepth: number;
  private readonly quorumShare: number;
  private readonly threshold: number;
  private readonly maxRep: number;
  private readonly alpha: number;
  private readonly gain: number;
  private readonly T: number;

  private readonly rngSetup: Rng;
  private readonly rngArrivals: Rng;
  private readonly rngVotes: Rng;
  private readonly rngHumans: Rng;
  private readonly rngDelegation: Rng;

  // Bots (capacity `cap` slots; slots [0, nBots) have joined).
  private readonly capacity: number;
  private nBots = 0;
  private readonly strategy: Uint8Array;
  private readonly malicious: Uint8Array;
  private readonly passive: Uint8Array;
  private readonly ring: Int32Array;
  private readonly standing: Float64Array;
  private readonly trust: Float64Array;
  private readonly startRep: Float64Array;
  private readonly accuracy: Float32Array;
  private readonly joinedDomain: Int32Array;
  private readonly isNewcomer: Uint8Array;
  private readonly openProposals: Uint16Array;
  private readonly budget: Float64Array;
  private readonly budgetEpoch: Int32Array;
  private readonly detected: Uint8Array;
  private readonly honestIds: number[] = [];
  private readonly maliciousIds: number[] = [];
  private readonly spamIds: number[] = [];
  private readonly sybilIds: number[] = [];
  private readonly newcomerIds: number[] = [];
  private readonly graph: DelegationGraph;
  private repVersion = 0;
  private growthCarry = 0;
  private domains = 1;

  // Humans.
  private readonly vetoUsed: Uint32Array;
  private readonly vetoEpoch: Int32Array;

  // Partitions.
  private readonly partStart: number[] = [];
  private readonly partEnd: number[] = [];
  private readonly partMember: Uint8Array[] = [];
  private readonly partSparesMalicious: boolean[] = [];

  private readonly heap = new EventHeap();
  private readonly renewals = new Map<number, number[]>();
  private readonly proposals: Proposal[] = [];
  private lastSnapshot: Snapshot | null = null;
  private now = 0;
  private tick = 0;

  // Scratch (reused per vote close).
  private readonly scratchCaster: Int32Array;
  private readonly scratchBin: Uint8Array;
  private readonly bins = new Float64Array(CONSENSUS_BINS * 3);

  // Results.
  private readonly timeline: IncidentEvent[] = [];
  private readonly incidentTotals: Record<string, number> = {};
  private readonly latencies: number[] = [];
  private readonly consensus: number[] = [];
  private m: Counters = {
    rejectedThreshold: 0,
    rejectedOpenCap: 0,
    rejectedBudget: 0,
    rejectedPartitioned: 0,
    delegationsRejected: 0,
    delegationsRevoked: 0,
    harmfulStopped: 0,
    maliciousDetected: 0,
    harmfulExecuted: 0,
    goodBlocked: 0,
    harmfulPassedVote: 0,
    falseVetoes: 0,
    livenessLost: 0,
    livenessLostGood: 0,
    theoryNoQuorum: 0,
    theoryMismatch: 0,
  };

  constructor(scenario: ResolvedScenario, options: RunOptions) {
    this.sc = scenario;
    this.opts = options;
    this.collect = options.charts !== false;
    const g = scenario.governance;
    this.maxDepth = g.delegation.maxDepth;
    this.quorumShare = g.voting.quorumBps / 10_000;
    this.threshold = reputationFromUnits(g.voting.proposalThreshold);
    this.maxRep = reputationFromUnits(g.reputation.maxReputation);
    this.alpha = g.reputation.emaAlphaBps / 10_000;
    this.gain = reputationFromUnits(g.feedback.executedGain);
    this.T = scenario.tickSeconds;

    const root = new Rng(options.seed);
    this.rngSetup = root.fork("setup");
    this.rngArrivals = root.fork("arrivals");
    this.rngVotes = root.fork("votes");
    this.rngHumans = root.fork("humans");
    this.rngDelegation = root.fork("delegation");

    const initialMalicious = Math.round(scenario.bots * scenario.malicious.fraction);
    const growthTotal = Math.ceil(scenario.growth.botsPerTick * scenario.durationTicks) + 1;
    this.capacity = scenario.bots + initialMalicious * scenario.malicious.sybilsPerMalicious + growthTotal;
    const cap = this.capacity;
    this.strategy = new Uint8Array(cap);
    this.malicious = new Uint8Array(cap);
    this.passive = new Uint8Array(cap);
    this.ring = new Int32Array(cap).fill(-1);
    this.standing = new Float64Array(cap);
    this.trust = new Float64Array(cap);
    this.startRep = new Float64Array(cap);
    this.accuracy = new Float32Array(cap);
    this.joinedDomain = new Int32Array(cap);
    this.isNewcomer = new Uint8Array(cap);
    this.openProposals = new Uint16Array(cap);
    this.budget = new Float64Array(cap);
    this.budgetEpoch = new Int32Array(cap).fill(-1);
    this.detected = new Uint8Array(cap);
    this.graph = new DelegationGraph(cap, this.maxDepth);
    this.scratchCaster = new Int32Array(cap);
    this.scratchBin = new Uint8Array(cap);
    this.vetoUsed = new Uint32Array(scenario.humans.count);
    this.vetoEpoch = new Int32Array(scenario.humans.count).fill(-1);
  }

  // ---------------------------------------------------------------- setup

  private pickStrategy(rng: Rng): number {
    const s = this.sc.malicious.strategies;
    const total = MALICIOUS_STRATEGIES.reduce((sum, k) => sum + s[k], 0);
    let x = rng.next() * total;
    for (const k of MALICIOUS_STRATEGIES) {
      x -= s[k];
      if (x < 0) return STRATEGY_CODE[k];
    }
    return BYZANTINE;
  }

  private addBot(strategy: number, standing: number, trust: number, newcomer: boolean): number {
    const i = this.nBots++;
    const rng = this.rngSetup;
    const h = this.sc.honest;
    this.strategy[i] = strategy;
    this.malicious[i] = strategy === HONEST ? 0 : 1;
    this.standing[i] = standing;
    this.trust[i] = trust;
    this.startRep[i] = standing * trust;
    this.accuracy[i] = h.accuracyMin + (h.accuracyMax - h.accuracyMin) * rng.next();
    this.joinedDomain[i] = this.domains;
    this.isNewcomer[i] = newcomer ? 1 : 0;
    if (strategy === HONEST) {
      this.honestIds.push(i);
      if (rng.chance(h.delegationShare)) this.passive[i] = 1;
    } else {
      this.maliciousIds.push(i);
      if (strategy === SPAM) this.spamIds.push(i);
      if (strategy === SYBIL) this.sybilIds.push(i);
    }
    if (newcomer) this.newcomerIds.push(i);
    return i;
  }

  /** Lognormal standing with mean about 100 reputation. */
  private drawStanding(): number {
    return 100 * Math.exp(0.5 * gaussian(this.rngSetup) - 0.125);
  }

  private setup(): void {
    const sc = this.sc;
    const rng = this.rngSetup;
    const nMal = Math.round(sc.bots * sc.malicious.fraction);
    // Malicious bots are spread over the ids so that id order carries no information.
    const isMal = new Uint8Array(sc.bots);
    let placed = 0;
    while (placed < nMal) {
      const j = rng.int(sc.bots);
      if (isMal[j] === 0) {
        isMal[j] = 1;
        placed++;
      }
    }
    for (let j = 0; j < sc.bots; j++) {
      const strategy = isMal[j] === 1 ? this.pickStrategy(rng) : HONEST;
      this.addBot(strategy, this.drawStanding(), INITIAL_TRUST, false);
    }
    // Collusion rings: consecutive colluders form rings; members delegate to the ring head.
    let ringId = 0;
    let inRing = 0;
    let head = -1;
    for (let i = 0; i < this.nBots; i++) {
      if (this.strategy[i] !== COLLUSION) continue;
      if (inRing === 0) head = i;
      this.ring[i] = ringId;
      if (i !== head) this.tryDelegate(i, head, 0, "collusion");
      inRing++;
      if (inRing === sc.malicious.collusionRingSize) {
        inRing = 0;
        ringId++;
      }
    }
    // Sybil identities: zero reputation, delegate to their owner.
    const owners = this.maliciousIds.slice();
    for (const owner of owners) {
      for (let k = 0; k < sc.malicious.sybilsPerMalicious; k++) {
        const s = this.addBot(SYBIL, 0, NEWCOMER_TRUST, false);
        this.ring[s] = this.ring[owner] as number;
        this.tryDelegate(s, owner, 0, "sybil");
      }
    }
    // Passive honest bots delegate to a reputable bot.
    for (const i of this.honestIds) if (this.passive[i] === 1) this.chooseDelegate(i, 0);
    // Partitions: who is cut off is drawn once, here.
    this.initPartitionTimes();
    for (const p of sc.partitions) {
      const member = new Uint8Array(this.capacity);
      for (let i = 0; i < this.capacity; i++) if (rng.chance(p.fraction)) member[i] = 1;
      const j = this.partMember.length;
      this.partMember.push(member);
      this.heap.push(p.startTick * this.T, EV_PARTITION_START, j);
      this.heap.push((p.startTick + p.durationTicks) * this.T, EV_PARTITION_END, j);
    }
  }

  private initPartitionTimes(): void {
    for (const p of this.sc.partitions) {
      this.partStart.push(p.startTick * this.T);
      this.partEnd.push((p.startTick + p.durationTicks) * this.T);
      this.partSparesMalicious.push(p.sparesMalicious === true);
    }
  }

  // ---------------------------------------------------------------- helpers

  private reputation(i: number): number {
    return (this.standing[i] as number) * (this.trust[i] as number);
  }

  private incident(type: string, t: number, proposal?: number, bot?: number): void {
    this.incidentTotals[type] = (this.incidentTotals[type] ?? 0) + 1;
    if (!this.collect || this.timeline.length >= TIMELINE_LIMIT) return;
    const e: IncidentEvent = { t, type };
    if (proposal !== undefined) e.proposal = proposal;
    if (bot !== undefined) e.bot = bot;
    this.timeline.push(e);
  }

  /** Earliest time >= t at which bot i is not cut off by a partition. */
  private reachableFrom(i: number, t: number): number {
    const n = this.partStart.length;
    if (n === 0) return t;
    let moved = true;
    while (moved) {
      moved = false;
      for (let j = 0; j < n; j++) {
        if (
          (this.partMember[j] as Uint8Array)[i] === 1 &&
          t >= (this.partStart[j] as number) &&
          t < (this.partEnd[j] as number) &&
          !(this.partSparesMalicious[j] === true && this.malicious[i] === 1)
        ) {
          t = this.partEnd[j] as number;
          moved = true;
        }
      }
    }
    return t;
  }

  private tryDelegate(from: number, to: number, now: number, _why: string): boolean {
    const expires = now + this.sc.honest.delegationDurationTicks * this.T;
    const r = this.graph.delegate(from, to, now, expires);
    if (r !== "ok") {
      this.m.delegationsRejected++;
      return false;
    }
    const dueTick = Math.ceil(expires / this.T);
    let list = this.renewals.get(dueTick);
    if (list === undefined) {
      list = [];
      this.renewals.set(dueTick, list);
    }
    list.push(from);
    return true;
  }

  /** Best-of-5 by current reputation among non-Sybil bots; retried on a rejected write. */
  private chooseDelegate(i: number, now: number): void {
    const rng = this.rngDelegation;
    for (let attempt = 0; attempt < 3; attempt++) {
      let best = -1;
      let bestRep = -1;
      for (let k = 0; k < 5; k++) {
        const c = rng.int(this.nBots);
        if (c === i || this.strategy[c] === SYBIL) continue;
        const r = this.reputation(c);
        if (r > bestRep) {
          bestRep = r;
          best = c;
        }
      }
      if (best >= 0 && this.tryDelegate(i, best, now, "honest")) return;
    }
  }

  private snapshot(): Snapshot {
    const n = this.nBots;
    const key = `${this.repVersion}:${this.graph.version}:${n}:${this.tick}`;
    const last = this.lastSnapshot;
    if (last !== null && last.key === key) return last;
    const weights = new Float64Array(n);
    let total = 0;
    let honestTotal = 0;
    for (let i = 0; i < n; i++) {
      const w = this.reputation(i);
      weights[i] = w;
      total += w;
      if (this.malicious[i] === 0) honestTotal += w;
    }
    const chains = this.graph.resolveChains(n, this.now);
    // Worst case: weight held by a malicious bot, or delegated through one, is malicious-controlled.
    let maliciousControlled = 0;
    const depth = this.maxDepth;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      if (w === 0) continue;
      let bad = this.malicious[i] === 1;
      for (let k = 0; k < depth && !bad; k++) {
        const d = chains[i * depth + k] as number;
        if (d < 0) break;
        if (this.malicious[d] === 1) bad = true;
      }
      if (bad) maliciousControlled += w;
    }
    const snap: Snapshot = { key, n, weights, chains, total, honestTotal, maliciousControlled };
    this.lastSnapshot = snap;
    return snap;
  }

  private spendBudget(i: number, t: number): boolean {
    const b = this.sc.governance.agentBudget;
    const epoch = Math.floor(t / b.epochSeconds);
    if (this.budgetEpoch[i] !== epoch) {
      this.budgetEpoch[i] = epoch;
      this.budget[i] = b.allowancePerEpoch;
    }
    if ((this.budget[i] as number) < b.costPerAction) return false;
    this.budget[i] = (this.budget[i] as number) - b.costPerAction;
    return true;
  }

  private isAttacking(i: number, t: number): boolean {
    const s = this.strategy[i] as number;
    if (s === HONEST) return false;
    if (s === FLIP) return t >= this.sc.malicious.flipAtTick * this.T;
    return true;
  }

  private markDetected(i: number, t: number): void {
    if (this.malicious[i] === 1 && this.detected[i] === 0) {
      this.detected[i] = 1;
      this.m.maliciousDetected++;
      this.incident("malicious_identity_detected", t, undefined, i);
    }
  }

  // ---------------------------------------------------------------- events

  private propose(bot: number, kind: number, t: number): void {
    const sc = this.sc;
    const g = sc.governance;
    if (sc.proposalLimit > 0 && this.proposals.length >= sc.proposalLimit) return;
    if (this.reachableFrom(bot, t) !== t) {
      this.m.rejectedPartitioned++;
      return;
    }
    const agentRequest = kind === KIND_AGENT_REQUEST;
    if (!agentRequest && this.reputation(bot) < this.threshold) {
      this.m.rejectedThreshold++;
      if (this.malicious[bot] === 1) {
        // A zero-reputation identity (Sybil or newcomer) trying to act is flagged at once.
        if (this.startRep[bot] === 0) this.markDetected(bot, t);
      }
      return;
    }
    if (!agentRequest && (this.openProposals[bot] as number) >= g.voting.maxOpenProposalsPerProposer) {
      this.m.rejectedOpenCap++;
      if (kind === KIND_SPAM) this.incidentTotals.spam_rejected = (this.incidentTotals.spam_rejected ?? 0) + 1;
      return;
    }
    if (!this.spendBudget(bot, t)) {
      this.m.rejectedBudget++;
      if (kind === KIND_SPAM) this.incidentTotals.spam_rejected = (this.incidentTotals.spam_rejected ?? 0) + 1;
      return;
    }
    const rng = this.rngArrivals;
    let harmful: boolean;
    if (kind === KIND_SPAM || kind === KIND_SYBIL || this.isAttacking(bot, t)) harmful = true;
    else if (kind === KIND_SKILL) harmful = !rng.chance(sc.growth.skillGoodProbability);
    else harmful = !rng.chance(sc.goodProposalProbability);
    const domain =
      kind === KIND_SKILL && this.domains > 1 && rng.chance(0.5) ? this.domains - 1 : rng.int(this.domains);
    // Agent requests skip the vote: they enter the timelock at once.
    const snap = agentRequest ? null : this.snapshot();
    const activeAt = agentRequest ? t : t + g.voting.votingDelaySeconds;
    const p: Proposal = {
      id: this.proposals.length,
      proposer: bot,
      kind: KIND_NAMES[kind] as ProposalRecord["kind"],
      harmful,
      domain,
      state: "pending",
      createdAt: t,
      activeAt,
      voteEnd: agentRequest ? t : activeAt + g.voting.votingPeriodSeconds,
      queuedAt: Number.NaN,
      eta: Number.NaN,
      extensionSeconds: 0,
      vetoes: 0,
      finalAt: Number.NaN,
      forWeight: 0,
      againstWeight: 0,
      abstainWeight: 0,
      totalWeight: snap === null ? 0 : snap.total,
      quorumWeight: snap === null ? 0 : snap.total * this.quorumShare,
      noQuorum: false,
      consensusSeconds: Number.NaN,
      maliciousShare: snap !== null && snap.total > 0 ? snap.maliciousControlled / snap.total : 0,
      honestReachableWeight: Number.NaN,
      maliciousCast: 0,
      theoryNoQuorum: false,
      safetyViolation: null,
      snapshot: snap,
      votes: null,
      proposerRing: this.ring[bot] as number,
    };
    this.proposals.push(p);
    // The open-proposal cap counts governance proposals; agent requests are bounded by the budget.
    if (!agentRequest) this.openProposals[bot] = (this.openProposals[bot] as number) + 1;
    if (agentRequest) this.queue(p, t);
    else this.heap.push(p.voteEnd, EV_CLOSE, p.id);
  }

  /** Draws every bot's direct vote on p (0 when it does not vote in time). */
  private drawVotes(p: Proposal, snap: Snapshot): Uint8Array {
    const sc = this.sc;
    const rng = this.rngVotes;
    const n = snap.n;
    const votes = new Uint8Array(n);
    const bin = this.scratchBin;
    const a = p.activeAt;
    const e = p.voteEnd;
    const binWidth = (e - a) / CONSENSUS_BINS;
    const latency = sc.voteLatencySeconds;
    const h = sc.honest;
    const flipAt = sc.malicious.flipAtTick * this.T;
    const harmful = p.harmful;
    const penalty = sc.growth.newDomainAccuracyPenalty;
    let overlaps = false;
    for (let j = 0; j < this.partStart.length; j++) {
      if ((this.partStart[j] as number) < e && (this.partEnd[j] as number) > a) overlaps = true;
    }
    for (let i = 0; i < n; i++) {
      const s = this.strategy[i] as number;
      let choice = 0;
      let honestLike = s === HONEST;
      let participation = h.participation;
      if (s === FLIP && a < flipAt) {
        honestLike = true;
        participation = 1;
      }
      if (honestLike) {
        if (s === HONEST && this.passive[i] === 1) participation = h.passiveDirectVote;
        if (!rng.chance(participation)) continue;
        let acc = this.accuracy[i] as number;
        if (p.domain >= (this.joinedDomain[i] as number)) acc -= penalty;
        if (rng.chance(h.abstainProbability)) choice = ABSTAIN;
        else choice = rng.chance(acc) !== harmful ? FOR : AGAINST;
      } else if (s === COLLUSION || (s === SYBIL && (this.ring[i] as number) >= 0)) {
        if (p.proposerRing >= 0 && p.proposerRing === this.ring[i]) choice = FOR;
        else if (!harmful) choice = AGAINST;
        else continue;
      } else if (s === FLIP) {
        choice = harmful ? FOR : AGAINST;
      } else {
        // Byzantine, spam and their Sybils: push harmful proposals, withhold from good ones.
        if (!harmful) continue;
        choice = FOR;
      }
      let t = a + rng.exponential(latency);
      if (t >= e) continue;
      if (overlaps) {
        t = this.reachableFrom(i, t);
        if (t >= e) continue;
      }
      votes[i] = choice;
      bin[i] = Math.min(CONSENSUS_BINS - 1, Math.floor((t - a) / binWidth));
    }
    // Theory: honest weight that could have voted at some moment of the window.
    let reachable = snap.honestTotal;
    if (overlaps) {
      reachable = 0;
      const w = snap.weights;
      for (let i = 0; i < n; i++) {
        if (this.malicious[i] === 0 && this.reachableFrom(i, a) < e) reachable += w[i] as number;
      }
    }
    p.honestReachableWeight = reachable;
    return votes;
  }

  private closeVote(p: Proposal, t: number): void {
    const snap = p.snapshot as Snapshot;
    const votes = this.drawVotes(p, snap);
    p.votes = votes;
    const caster = this.scratchCaster;
    const tally = tallyVotes({
      weights: snap.weights,
      votes,
      chains: snap.chains,
      depth: this.maxDepth,
      n: snap.n,
      malicious: this.malicious,
      casterOut: caster,
    });
    p.forWeight = tally.for;
    p.againstWeight = tally.against;
    p.abstainWeight = tally.abstain;
    const cast = tally.for + tally.against + tally.abstain;
    const malCast = tally.maliciousFor + tally.maliciousAgainst + tally.maliciousAbstain;
    p.maliciousCast = malCast;
    p.noQuorum = cast < p.quorumWeight || cast === 0;
    const succeeded = !p.noQuorum && tally.for > tally.against;

    // Theory check: without malicious votes, quorum needs the reachable honest weight.
    p.theoryNoQuorum = p.honestReachableWeight < p.quorumWeight;
    if (p.theoryNoQuorum) {
      this.m.theoryNoQuorum++;
      if (!p.noQuorum && malCast === 0) this.m.theoryMismatch++;
    }

    // Time to consensus: first bin after which the outcome could no longer change.
    if (!p.noQuorum) p.consensusSeconds = this.consensusSeconds(p, snap, caster, succeeded);

    if (p.noQuorum) {
      this.m.livenessLost++;
      if (!p.harmful) this.m.livenessLostGood++;
      this.incident("liveness_lost", t, p.id);
    }
    if (succeeded) {
      if (p.harmful) this.m.harmfulPassedVote++;
      this.queue(p, t);
      return;
    }
    // Safety (second kind): a good proposal the honest weight alone would have passed.
    if (!p.harmful) {
      const hFor = tally.for - tally.maliciousFor;
      const hAgainst = tally.against - tally.maliciousAgainst;
      const hCast = cast - malCast;
      if (hCast >= p.quorumWeight && hCast > 0 && hFor > hAgainst) {
        p.safetyViolation = "good_blocked_by_malicious";
        this.m.goodBlocked++;
        this.incident("safety_violation_good_blocked", t, p.id);
      }
    }
    this.finalize(p, "defeated", t);
  }

  private consensusSeconds(p: Proposal, snap: Snapshot, caster: Int32Array, succeeded: boolean): number {
    const bins = this.bins;
    bins.fill(0);
    const votes = p.votes as Uint8Array;
    const w = snap.weights;
    for (let i = 0; i < snap.n; i++) {
      const c = caster[i] as number;
      if (c < 0) continue;
      const slot = (this.scratchBin[c] as number) * 3 + (votes[c] as number) - 1;
      bins[slot] = (bins[slot] as number) + (w[i] as number);
    }
    let f = 0;
    let ag = 0;
    let ab = 0;
    const width = (p.voteEnd - p.activeAt) / CONSENSUS_BINS;
    for (let b = 0; b < CONSENSUS_BINS; b++) {
      f += bins[b * 3] as number;
      ag += bins[b * 3 + 1] as number;
      ab += bins[b * 3 + 2] as number;
      const uncast = snap.total - f - ag - ab;
      const done = succeeded ? f + ag + ab >= p.quorumWeight && f > ag + uncast : f + uncast <= ag;
      if (done) return (b + 1) * width;
    }
    return p.voteEnd - p.activeAt;
  }

  private queue(p: Proposal, t: number): void {
    const g = this.sc.governance;
    p.state = "queued";
    p.queuedAt = t;
    p.eta = t + g.timelock.delaySeconds;
    const hu = this.sc.humans;
    const rng = this.rngHumans;
    for (let hIdx = 0; hIdx < hu.count; hIdx++) {
      if (!rng.chance(hu.reviewProbability)) continue;
      const veto = p.harmful ? rng.chance(hu.detectionProbability) : rng.chance(hu.falseVetoProbability);
      if (veto) this.heap.push(t + rng.next() * g.timelock.delaySeconds, EV_VETO, p.id, hIdx);
    }
    this.heap.push(p.eta + rng.exponential(this.sc.executionLagSeconds), EV_EXECUTE, p.id);
  }

  private veto(p: Proposal, human: number, t: number): void {
    if (p.state !== "queued" || t >= p.eta) return;
    const g = this.sc.governance;
    const epoch = Math.floor(t / g.agentBudget.epochSeconds);
    if (this.vetoEpoch[human] !== epoch) {
      this.vetoEpoch[human] = epoch;
      this.vetoUsed[human] = 0;
    }
    if ((this.vetoUsed[human] as number) >= g.veto.vetoesPerHumanPerEpoch) {
      this.incidentTotals.veto_allowance_exhausted = (this.incidentTotals.veto_allowance_exhausted ?? 0) + 1;
      return;
    }
    this.vetoUsed[human] = (this.vetoUsed[human] as number) + 1;
    p.vetoes++;
    if (p.vetoes >= g.veto.threshold) {
      this.finalize(p, "vetoed", t);
      return;
    }
    const ext = Math.min(g.veto.extensionSeconds, g.veto.maxExtensionSeconds - p.extensionSeconds);
    if (ext > 0) {
      p.eta += ext;
      p.extensionSeconds += ext;
    }
  }

  private execute(p: Proposal, t: number): void {
    if (p.state !== "queued") return;
    if (t < p.eta) {
      this.heap.push(p.eta + this.rngHumans.exponential(this.sc.executionLagSeconds), EV_EXECUTE, p.id);
      return;
    }
    if (t > p.eta + this.sc.governance.timelock.gracePeriodSeconds) this.finalize(p, "expired", t);
    else this.finalize(p, "executed", t);
  }

  /** Final state: feedback to proposer, voters and delegators; incidents; metrics. */
  private finalize(p: Proposal, state: ProposalState, t: number): void {
    const g = this.sc.governance;
    p.state = state;
    p.finalAt = t;
    this.latencies.push(t - p.createdAt);
    if (!Number.isNaN(p.consensusSeconds)) this.consensus.push(p.consensusSeconds);
    const proposer = p.proposer;
    if (p.kind !== "agent_request") {
      this.openProposals[proposer] = Math.max(0, (this.openProposals[proposer] as number) - 1);
    }

    // Proposer feedback (bounded, as in the contracts).
    if (state === "executed") {
      const tr = Math.max(this.trust[proposer] as number, 1e-9);
      this.standing[proposer] = Math.min(this.maxRep / tr, (this.standing[proposer] as number) + this.gain / tr);
    } else if (state === "defeated") {
      this.standing[proposer] = (this.standing[proposer] as number) * (1 - g.feedback.defeatedLossBps / 10_000);
    } else if (state === "vetoed") {
      this.standing[proposer] = (this.standing[proposer] as number) * (1 - g.feedback.vetoedLossBps / 10_000);
      this.budget[proposer] = (this.budget[proposer] as number) * (1 - g.agentBudget.vetoBudgetSlashBps / 10_000);
    }
    this.repVersion++;

    if (p.harmful) {
      if (state === "defeated" || state === "vetoed") {
        this.m.harmfulStopped++;
        this.incident(state === "vetoed" ? "harmful_vetoed" : "harmful_defeated", t, p.id, proposer);
      } else if (state === "executed") {
        p.safetyViolation = "harmful_executed";
        this.m.harmfulExecuted++;
        this.incident("safety_violation_harmful_executed", t, p.id, proposer);
      }
    } else if (state === "vetoed") {
      this.m.falseVetoes++;
      this.incident("false_veto", t, p.id, proposer);
    }

    // The outcome is revealed: voters' accuracy EMA, delegators' revocations.
    const votes = p.votes;
    const snap = p.snapshot;
    if (votes !== null && snap !== null) {
      const alpha = this.alpha;
      const n = snap.n;
      const trust = this.trust;
      const right = p.harmful ? AGAINST : FOR;
      for (let i = 0; i < n; i++) {
        const v = votes[i] as number;
        if (v === 0 || v === ABSTAIN) continue;
        const target = v === right ? 1 : 0;
        trust[i] = (trust[i] as number) + alpha * (target - (trust[i] as number));
        if (this.malicious[i] === 1 && this.detected[i] === 0 && (this.startRep[i] as number) > 0) {
          if (this.reputation(i) < COLLAPSE_SHARE * (this.startRep[i] as number)) this.markDetected(i, t);
        }
      }
      const depth = this.maxDepth;
      const chains = snap.chains;
      const revoke = this.sc.honest.revokeOnDisagreement;
      for (let i = 0; i < n; i++) {
        if (this.passive[i] !== 1 || votes[i] !== 0) continue;
        let c = -1;
        for (let k = 0; k < depth; k++) {
          const d = chains[i * depth + k] as number;
          if (d < 0) break;
          if (votes[d] !== 0) {
            c = d;
            break;
          }
        }
        if (c < 0) continue;
        const v = votes[c] as number;
        if (v === ABSTAIN || v === right) continue;
        if (this.rngDelegation.chance(revoke) && this.graph.revoke(i)) {
          this.m.delegationsRevoked++;
          this.chooseDelegate(i, t);
        }
      }
    }
    p.votes = null;
    p.snapshot = null;
  }

  // ---------------------------------------------------------------- loop

  private scheduleTick(k: number): void {
    const sc = this.sc;
    const t0 = k * this.T;
    const T = this.T;
    const rng = this.rngArrivals;
    // Growth: new bots join with zero standing and earn it by working.
    if (sc.growth.botsPerTick > 0) {
      this.growthCarry += sc.growth.botsPerTick;
      while (this.growthCarry >= 1 && this.nBots < this.capacity) {
        this.growthCarry -= 1;
        const mal = rng.chance(sc.malicious.fraction);
        const i = this.addBot(mal ? this.pickStrategy(rng) : HONEST, 0, NEWCOMER_TRUST, true);
        if (this.passive[i] === 1) this.chooseDelegate(i, t0);
      }
    }
    if (sc.growth.earnedReputationPerTick > 0) {
      for (const i of this.newcomerIds)
        this.standing[i] = (this.standing[i] as number) + sc.growth.earnedReputationPerTick;
      this.repVersion++;
    }
    if (sc.growth.newDomainEveryTicks > 0 && k > 0 && k % sc.growth.newDomainEveryTicks === 0) {
      this.domains++;
      this.incident("new_skill_domain", t0);
    }
    // Delegation renewals due this tick.
    const due = this.renewals.get(k);
    if (due !== undefined) {
      this.renewals.delete(k);
      for (const i of due) {
        if (this.strategy[i] === HONEST && this.passive[i] === 1 && this.graph.delegateOf(i, t0) < 0)
          this.chooseDelegate(i, t0);
      }
    }
    // Arrivals.
    const ordinary = poisson(rng, sc.proposalRate);
    for (let j = 0; j < ordinary; j++) {
      let bot = rng.int(this.nBots);
      for (let tries = 0; tries < 8 && this.strategy[bot] === SYBIL; tries++) bot = rng.int(this.nBots);
      this.heap.push(t0 + rng.next() * T, EV_PROPOSE, bot, KIND_ORDINARY);
    }
    const requests = poisson(rng, sc.agentRequestRate);
    for (let j = 0; j < requests; j++) {
      let bot = rng.int(this.nBots);
      for (let tries = 0; tries < 8 && this.strategy[bot] === SYBIL; tries++) bot = rng.int(this.nBots);
      this.heap.push(t0 + rng.next() * T, EV_PROPOSE, bot, KIND_AGENT_REQUEST);
    }
    const skills = poisson(rng, sc.growth.newSkillsPerTick);
    for (let j = 0; j < skills; j++) {
      const fromMalicious = this.maliciousIds.length > 0 && rng.chance(sc.growth.maliciousSkillShare);
      const pool = fromMalicious ? this.maliciousIds : this.honestIds;
      if (pool.length === 0) continue;
      let bot = pool[rng.int(pool.length)] as number;
      for (let tries = 0; tries < 8 && this.strategy[bot] === SYBIL; tries++)
        bot = pool[rng.int(pool.length)] as number;
      this.heap.push(t0 + rng.next() * T, EV_PROPOSE, bot, fromMalicious ? KIND_SPAM : KIND_SKILL);
    }
    for (const bot of this.spamIds) {
      for (let j = 0; j < sc.malicious.spamAttemptsPerTick; j++)
        this.heap.push(t0 + rng.next() * T, EV_PROPOSE, bot, KIND_SPAM);
    }
    for (const bot of this.sybilIds) {
      if (rng.chance(0.02)) this.heap.push(t0 + rng.next() * T, EV_PROPOSE, bot, KIND_SYBIL);
    }
  }

  private processUntil(tEnd: number): void {
    const heap = this.heap;
    while (heap.size > 0 && heap.peekTime() < tEnd) {
      const ev = heap.pop();
      this.now = ev.t;
      switch (ev.kind) {
        case EV_PROPOSE:
          this.propose(ev.a, ev.b, ev.t);
          break;
        case EV_CLOSE:
          this.closeVote(this.proposals[ev.a] as Proposal, ev.t);
          break;
        case EV_VETO:
          this.veto(this.proposals[ev.a] as Proposal, ev.b, ev.t);
          break;
        case EV_EXECUTE:
          this.execute(this.proposals[ev.a] as Proposal, ev.t);
          break;
        case EV_PARTITION_START:
          this.incident("partition_start", ev.t);
          break;
        case EV_PARTITION_END:
          this.incident("partition_end", ev.t);
          break;
      }
    }
  }

  private started = false;
  private nextTick = 0;
  private drained = false;

  /**
   * Runs up to `maxTicks` more ticks; the drain after the last tick counts as one more step.
   * Returns true once the run is finished (then `result()` is final).
   */
  advance(maxTicks = Number.POSITIVE_INFINITY): boolean {
    if (!this.started) {
      this.setup();
      this.started = true;
    }
    const ticks = this.sc.durationTicks;
    const progressEvery = Math.max(1, Math.floor(ticks / 100));
    let steps = 0;
    while (this.nextTick < ticks && steps < maxTicks) {
      const k = this.nextTick;
      this.tick = k;
      this.now = k * this.T;
      this.scheduleTick(k);
      this.processUntil((k + 1) * this.T);
      this.nextTick = k + 1;
      steps++;
      if (this.opts.onProgress !== undefined && k % progressEvery === 0) this.opts.onProgress((0.95 * k) / ticks);
    }
    if (this.nextTick >= ticks && !this.drained && steps < maxTicks) {
      // Drain: no new arrivals; every open proposal reaches a final state.
      this.tick = ticks;
      this.processUntil(Number.POSITIVE_INFINITY);
      this.drained = true;
      this.opts.onProgress?.(1);
    }
    return this.drained;
  }

  get finished(): boolean {
    return this.drained;
  }

  /** Share of the run done, in [0, 1]. */
  get progress(): number {
    if (this.drained) return 1;
    return (0.95 * this.nextTick) / this.sc.durationTicks;
  }

  run(): GovernanceRunResult {
    while (!this.advance()) {
      // advance() runs to the end when given no limit
    }
    return this.result();
  }

  /** The whole state of the run as JSON-safe data (see serializeCheckpoint). */
  checkpoint(): GovernanceCheckpoint {
    const snapshots: Snapshot[] = [];
    const snapshotIndex = new Map<Snapshot, number>();
    const indexOf = (snap: Snapshot | null): number => {
      if (snap === null) return -1;
      let idx = snapshotIndex.get(snap);
      if (idx === undefined) {
        idx = snapshots.length;
        snapshots.push(snap);
        snapshotIndex.set(snap, idx);
      }
      return idx;
    };
    const proposals = this.proposals.map((p) => {
      const { snapshot, votes, ...rest } = p;
      return { ...rest, snapshot: indexOf(snapshot), votes: votes === null ? null : toBase64(votes) };
    });
    const lastSnapshot = indexOf(this.lastSnapshot);
    const graph = this.graph.exportState();
    const heap = this.heap.dump();
    return {
      format: "aos-governance-checkpoint/1",
      scenario: this.sc,
      seed: this.opts.seed,
      charts: this.collect,
      state: {
        nextTick: this.nextTick,
        started: this.started,
        drained: this.drained,
        nBots: this.nBots,
        repVersion: this.repVersion,
        growthCarry: this.growthCarry,
        domains: this.domains,
        now: this.now,
        tick: this.tick,
        rng: [this.rngSetup, this.rngArrivals, this.rngVotes, this.rngHumans, this.rngDelegation].map((r) => [
          ...r.snapshot(),
        ]),
        arrays: Object.fromEntries(this.stateArrays().map(([name, arr]) => [name, toBase64(arr)])),
        partMember: this.partMember.map(toBase64),
        graph: { parent: toBase64(graph.parent), expiry: toBase64(graph.expiry), version: graph.version },
        heap: { seq: heap.seq, events: toBase64(heap.events) },
        renewals: [...this.renewals.entries()],
        snapshots: snapshots.map((sn) => ({
          key: sn.key,
          n: sn.n,
          weights: toBase64(sn.weights),
          chains: toBase64(sn.chains),
          total: sn.total,
          honestTotal: sn.honestTotal,
          maliciousControlled: sn.maliciousControlled,
        })),
        lastSnapshot,
        proposals,
        timeline: this.timeline.map((e) => ({ ...e })),
        incidentTotals: { ...this.incidentTotals },
        latencies: [...this.latencies],
        consensus: [...this.consensus],
        counters: { ...this.m },
      },
    };
  }

  /** Resumes a run from a checkpoint; continuing gives the same result as never stopping. */
  static restore(cp: GovernanceCheckpoint, options: Omit<RunOptions, "seed" | "charts"> = {}): GovernanceSimulation {
    if (cp.format !== "aos-governance-checkpoint/1") throw new Error(`unknown checkpoint format ${String(cp.format)}`);
    const sim = new GovernanceSimulation(cp.scenario, { ...options, seed: cp.seed, charts: cp.charts });
    const st = cp.state;
    sim.started = st.started;
    sim.nextTick = st.nextTick;
    sim.drained = st.drained;
    sim.nBots = st.nBots;
    sim.repVersion = st.repVersion;
    sim.growthCarry = st.growthCarry;
    sim.domains = st.domains;
    sim.now = st.now;
    sim.tick = st.tick;
    [sim.rngSetup, sim.rngArrivals, sim.rngVotes, sim.rngHumans, sim.rngDelegation].forEach((r, i) => {
      const s = st.rng[i];
      if (s === undefined || s.length !== 4) throw new Error("checkpoint: bad generator state");
      r.restore([s[0] as number, s[1] as number, s[2] as number, s[3] as number]);
    });
    for (const [name, arr] of sim.stateArrays()) {
      const data = st.arrays[name];
      if (data === undefined) throw new Error(`checkpoint: missing array ${name}`);
      fromBase64Into(arr, data);
    }
    for (let i = 0; i < sim.nBots; i++) {
      const strategy = sim.strategy[i] as number;
      if (strategy === HONEST) sim.honestIds.push(i);
      else {
        sim.maliciousIds.push(i);
        if (strategy === SPAM) sim.spamIds.push(i);
        if (strategy === SYBIL) sim.sybilIds.push(i);
      }
      if (sim.isNewcomer[i] === 1) sim.newcomerIds.push(i);
    }
    if (sim.started) {
      sim.initPartitionTimes();
      st.partMember.forEach((data) => {
        const member = new Uint8Array(sim.capacity);
        fromBase64Into(member, data);
        sim.partMember.push(member);
      });
    }
    const parent = new Int32Array(sim.capacity);
    const expiry = new Float64Array(sim.capacity);
    fromBase64Into(parent, st.graph.parent);
    fromBase64Into(expiry, st.graph.expiry);
    sim.graph.importState({ parent, expiry, version: st.graph.version });
    const events = new Float64Array(base64Length(st.heap.events) / 8);
    fromBase64Into(events, st.heap.events);
    sim.heap.load({ seq: st.heap.seq, events });
    for (const [k, list] of st.renewals) sim.renewals.set(k, [...list]);
    const snapshots: Snapshot[] = st.snapshots.map((sn) => {
      const weights = new Float64Array(base64Length(sn.weights) / 8);
      fromBase64Into(weights, sn.weights);
      const chains = new Int32Array(base64Length(sn.chains) / 4);
      fromBase64Into(chains, sn.chains);
      return {
        key: sn.key,
        n: sn.n,
        weights,
        chains,
        total: sn.total,
        honestTotal: sn.honestTotal,
        maliciousControlled: sn.maliciousControlled,
      };
    });
    sim.lastSnapshot = st.lastSnapshot >= 0 ? (snapshots[st.lastSnapshot] ?? null) : null;
    for (const rec of st.proposals) {
      const { snapshot, votes, ...rest } = rec;
      let voteArr: Uint8Array | null = null;
      if (votes !== null) {
        voteArr = new Uint8Array(base64Length(votes));
        fromBase64Into(voteArr, votes);
      }
      sim.proposals.push({ ...rest, snapshot: snapshot >= 0 ? (snapshots[snapshot] ?? null) : null, votes: voteArr });
    }
    sim.timeline.push(...st.timeline);
    Object.assign(sim.incidentTotals, st.incidentTotals);
    sim.latencies.push(...st.latencies);
    sim.consensus.push(...st.consensus);
    sim.m = { ...st.counters };
    return sim;
  }

  private stateArrays(): [string, ArrayBufferView][] {
    return [
      ["strategy", this.strategy],
      ["malicious", this.malicious],
      ["passive", this.passive],
      ["ring", this.ring],
      ["standing", this.standing],
      ["trust", this.trust],
      ["startRep", this.startRep],
      ["accuracy", this.accuracy],
      ["joinedDomain", this.joinedDomain],
      ["isNewcomer", this.isNewcomer],
      ["openProposals", this.openProposals],
      ["budget", this.budget],
      ["budgetEpoch", this.budgetEpoch],
      ["detected", this.detected],
      ["vetoUsed", this.vetoUsed],
      ["vetoEpoch", this.vetoEpoch],
    ];
  }

  result(): GovernanceRunResult {
    const n = this.nBots;
    const reps = new Float64Array(n);
    const honest = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      reps[i] = this.reputation(i);
      honest[i] = this.malicious[i] === 0 ? 1 : 0;
    }
    const counts: Record<ProposalState, number> = {
      pending: 0,
      active: 0,
      defeated: 0,
      succeeded: 0,
      queued: 0,
      vetoed: 0,
      executed: 0,
      expired: 0,
    };
    let maxShare = 0;
    let sumShare = 0;
    for (const p of this.proposals) {
      counts[p.state]++;
      if (p.maliciousShare > maxShare) maxShare = p.maliciousShare;
      sumShare += p.maliciousShare;
    }
    const H = 3_600;
    const m = this.m;
    const metrics: GovernanceMetrics = {
      bots: n,
      maliciousBots: this.maliciousIds.length,
      proposals: this.proposals.length,
      ...counts,
      decisionLatencyP50Hours: percentile(this.latencies, 0.5) / H,
      decisionLatencyP99Hours: percentile(this.latencies, 0.99) / H,
      timeToConsensusP50Hours: percentile(this.consensus, 0.5) / H,
      timeToConsensusMeanHours:
        this.consensus.length === 0
          ? Number.NaN
          : this.consensus.reduce((a, b) => a + b, 0) / this.consensus.length / H,
      incidentsDetected: m.harmfulStopped + m.maliciousDetected,
      harmfulStopped: m.harmfulStopped,
      maliciousDetected: m.maliciousDetected,
      reputationAuc: rocAuc(reps, honest),
      safetyViolations: m.harmfulExecuted + m.goodBlocked,
      harmfulExecuted: m.harmfulExecuted,
      goodBlockedByMalicious: m.goodBlocked,
      harmfulPassedVote: m.harmfulPassedVote,
      falseVetoes: m.falseVetoes,
      livenessLost: m.livenessLost,
      livenessLostGood: m.livenessLostGood,
      theoryNoQuorum: m.theoryNoQuorum,
      theoryLivenessMismatches: m.theoryMismatch,
      maxMaliciousWeightShare: maxShare,
      meanMaliciousWeightShare: this.proposals.length === 0 ? 0 : sumShare / this.proposals.length,
      rejectedThreshold: m.rejectedThreshold,
      rejectedOpenCap: m.rejectedOpenCap,
      rejectedBudget: m.rejectedBudget,
      rejectedPartitioned: m.rejectedPartitioned,
      delegationsRejected: m.delegationsRejected,
      delegationsRevoked: m.delegationsRevoked,
      simulatedHours: this.now / H,
    };
    const out: GovernanceRunResult = { scenario: this.sc.name, seed: this.opts.seed, metrics };
    if (this.collect) {
      const decisionFlow: ProposalRecord[] = this.proposals.map((p) => {
        const { snapshot: _s, votes: _v, proposerRing: _r, ...record } = p;
        return record;
      });
      const nodes = [];
      for (let i = 0; i < n; i++) {
        nodes.push({
          id: i,
          strategy: STRATEGY_NAMES[this.strategy[i] as number] as string,
          malicious: this.malicious[i] === 1,
          reputation: reps[i] as number,
        });
      }
      const edges = this.graph.edges(n, this.now).map(([from, to]) => ({ from, to }));
      out.charts = {
        decisionFlow,
        reputationNetwork: { nodes, edges },
        incidents: {
          timeline: this.timeline,
          truncated: this.timeline.length >= TIMELINE_LIMIT,
          totals: { ...this.incidentTotals },
        },
      };
    }
    return out;
  }
}
