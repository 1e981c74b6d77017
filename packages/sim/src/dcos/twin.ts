import { decodeFloat64, decodeInt32, decodeUint8, decodeUint16, encodeTyped } from "../engine/codec.ts";
import type { EngineCheckpoint, Progress, SimModel } from "../engine/simulator.ts";
import { Simulator } from "../engine/simulator.ts";
import {
  stripeLossProbability,
  swimDisseminationPeriods,
  swimExpectedFirstDetection,
  swimFalseSuspicionProbability,
  swimPickProbability,
} from "./analytic.ts";
import { EV_HLC_DELIVER, EV_HLC_SEND, HlcGroup } from "./hlc.ts";
import type { DcosParams, DeepPartial } from "./params.ts";
import { nodeCount, resolveDcosParams } from "./params.ts";
import type { DcosResult, Incident } from "./result.ts";
import { buildResult, HISTOGRAM_BINS } from "./result.ts";
import { EV_SUSPECT_TIMEOUT, SwimCells } from "./swimCells.ts";
import { EV_TELEMETRY, EV_THROTTLE, Thermal } from "./thermal.ts";

export const SECONDS_PER_YEAR = 365.25 * 86400;

// Event types of the core model (SWIM, thermal and HLC own 10-31).
export const EV_NODE_FAIL = 0;
export const EV_INDEPENDENT_FAILURE = 1;
export const EV_CELL_FAILURE = 2;
export const EV_CLUSTER_FAILURE = 3;
export const EV_CONFIRM = 4;
export const EV_REPAIR = 5;
export const EV_REPLACE = 6;

const ALIVE = 0;
const FAILED = 1;
const CONFIRMED = 2;

const CAUSE_INDEPENDENT = 0;
const CAUSE_CELL = 1;
const CAUSE_CLUSTER = 2;
const CAUSE_INJECTED = 3;

const MAX_INCIDENTS = 5000;

export interface CoreCounters {
  independentFailures: number;
  injectedFailures: number;
  cellFailures: number;
  clusterFailures: number;
  correlatedNodeFailures: number;
  confirmed: number;
  replaced: number;
  fragmentsLost: number;
  fragmentsRepaired: number;
  repairRetries: number;
  stripesLost: number;
  /** Messages by the level they stay within: cell, cluster, layer, between layers. */
  messagesByLevel: [number, number, number, number];
  cpuDetection: number;
  cpuRepair: number;
  cpuScheduling: number;
  cpuCausal: number;
  aliveTileSeconds: number;
  aggregateFalseSuspicions: number;
  aggregateProbes: number;
  detectionObserved: { n: number; sum: number; sumSq: number; max: number; hist: number[] };
  detectionAggregate: { n: number; sum: number; sumSq: number; max: number; hist: number[] };
  disseminationObserved: { n: number; sum: number; max: number };
  disseminationAggregate: { n: number; sum: number; max: number };
  domainDetections: number;
  lastAggregateAt: number;
}

function emptyStat() {
  return { n: 0, sum: 0, sumSq: 0, max: 0, hist: new Array<number>(HISTOGRAM_BINS).fill(0) };
}

export interface DcosCheckpoint {
  readonly format: "aos-dcos-twin/1";
  readonly params: DcosParams;
  readonly engine: EngineCheckpoint;
  readonly arrays: Record<string, string>;
  readonly counters: CoreCounters;
  readonly incidents: Incident[];
  readonly swim: object | null;
  readonly thermal: object | null;
  readonly hlc: object | null;
  readonly rounds: { swim: number; aggregate: number; thermal: number; hlc: number };
}

/**
 * The DCOS digital twin: a hierarchical fleet of tiles with failures, SWIM failure
 * detection, erasure-coded storage with repair, thermal-aware scheduling and
 * causal messaging, on the deterministic discrete-event engine.
 *
 * Per-tile state is a handful of typed arrays (status, failure time, generation,
 * head of its fragment list) plus the fragment columns, about 35 bytes per tile at
 * the defaults. Message-level protocol state exists only for observed cells.
 */
export class DcosTwin implements SimModel {
  readonly p: DcosParams;
  sim: Simulator;
  readonly nodes: number;
  readonly cells: number;
  readonly clusters: number;
  readonly tilesPerLayer: number;
  readonly stripes: number;
  status: Uint8Array;
  failedAt: Float64Array;
  generation: Uint16Array;
  cellAlive: Int32Array;
  cellMembers: Int32Array;
  layerAlive: Int32Array;
  nodeHead: Int32Array;
  fragNode: Int32Array;
  fragNext: Int32Array;
  fragMissing: Uint8Array;
  stripeMissing: Uint8Array;
  stripeLost: Uint8Array;
  counters: CoreCounters;
  incidents: Incident[] = [];
  readonly swim: SwimCells | null;
  readonly thermal: Thermal | null;
  readonly hlc: HlcGroup | null;
  /** Overhead share used to derate schedulable capacity (updated from measurements). */
  overheadShareEstimate = 0;
  private rounds = { swim: -1, aggregate: -1, thermal: -1, hlc: -1 };
  private readonly scratchCells: Int32Array;
  private readonly scratchClusters: Int32Array;

  constructor(params: DeepPartial<DcosParams> | DcosParams = {}, options: { restoring?: boolean } = {}) {
    const p = resolveDcosParams(params as DeepPartial<DcosParams>);
    this.p = p;
    this.sim = new Simulator(p.seed, 1 << 16);
    this.sim.setModel(this);
    const n = nodeCount(p);
    this.nodes = n;
    this.cells = p.layers * p.clustersPerLayer * p.cellsPerCluster;
    this.clusters = p.layers * p.clustersPerLayer;
    this.tilesPerLayer = n / p.layers;
    this.stripes = Math.floor((n * p.durability.fragmentsPerTile) / p.durability.n);
    const fragments = this.stripes * p.durability.n;
    this.status = new Uint8Array(n);
    this.failedAt = new Float64Array(n);
    this.generation = new Uint16Array(n);
    this.cellAlive = new Int32Array(this.cells).fill(p.tilesPerCell);
    this.cellMembers = new Int32Array(this.cells).fill(p.tilesPerCell);
    this.layerAlive = new Int32Array(p.layers).fill(this.tilesPerLayer);
    this.nodeHead = new Int32Array(n).fill(-1);
    this.fragNode = new Int32Array(fragments).fill(-1);
    this.fragNext = new Int32Array(fragments).fill(-1);
    this.fragMissing = new Uint8Array(fragments).fill(1);
    this.stripeMissing = new Uint8Array(this.stripes);
    this.stripeLost = new Uint8Array(this.stripes);
    this.scratchCells = new Int32Array(p.durability.n);
    this.scratchClusters = new Int32Array(this.clusters);
    this.counters = {
      independentFailures: 0,
      injectedFailures: 0,
      cellFailures: 0,
      clusterFailures: 0,
      correlatedNodeFailures: 0,
      confirmed: 0,
      replaced: 0,
      fragmentsLost: 0,
      fragmentsRepaired: 0,
      repairRetries: 0,
      stripesLost: 0,
      messagesByLevel: [0, 0, 0, 0],
      cpuDetection: 0,
      cpuRepair: 0,
      cpuScheduling: 0,
      cpuCausal: 0,
      aliveTileSeconds: 0,
      aggregateFalseSuspicions: 0,
      aggregateProbes: 0,
      detectionObserved: emptyStat(),
      detectionAggregate: emptyStat(),
      disseminationObserved: { n: 0, sum: 0, max: 0 },
      disseminationAggregate: { n: 0, sum: 0, max: 0 },
      domainDetections: 0,
      lastAggregateAt: 0,
    };
    const rng = this.sim.rng;
    // Observed cells: spread over the fleet, chosen by the seed.
    const observed: number[] = [];
    const step = this.cells / Math.max(1, p.swim.observedCells);
    for (let i = 0; i < p.swim.observedCells; i++)
      observed.push(Math.min(this.cells - 1, Math.floor(i * step + rng.next() * step)));
    this.swim = observed.length > 0 ? new SwimCells(this, observed, this.cells) : null;
    this.thermal = p.thermal.enabled ? new Thermal(this) : null;
    this.hlc = p.hlc.groupSize > 0 && observed.length > 0 ? new HlcGroup(this, observed[0]! * p.tilesPerCell) : null;
    if (options.restoring) return;
    this.placeAllStripes();
    this.start();
  }

  // ---------------------------------------------------------------- topology

  cellOf(g: number): number {
    return (g / this.p.tilesPerCell) | 0;
  }

  clusterOf(g: number): number {
    return (g / (this.p.tilesPerCell * this.p.cellsPerCluster)) | 0;
  }

  layerOf(g: number): number {
    return (g / this.tilesPerLayer) | 0;
  }

  layerTiles(_layer: number): number {
    return this.tilesPerLayer;
  }

  /** 0 = same cell, 1 = same cluster, 2 = same layer, 3 = different layers. */
  levelOf(a: number, b: number): number {
    if (this.cellOf(a) === this.cellOf(b)) return 0;
    if (this.clusterOf(a) === this.clusterOf(b)) return 1;
    if (this.layerOf(a) === this.layerOf(b)) return 2;
    return 3;
  }

  // ---------------------------------------------------------------- accounting hooks

  countMessages(level: number, count: number): void {
    this.counters.messagesByLevel[level as 0 | 1 | 2 | 3] += count;
  }

  addMessageCost(count: number): void {
    this.counters.cpuCausal += count * this.p.overhead.messageCpuSeconds;
  }

  addSchedulingCost(dtSeconds: number): void {
    void dtSeconds;
    this.counters.cpuScheduling += this.cells * this.p.overhead.schedulingCpuSecondsPerCell;
    // Each cell reports to its cluster and each cluster to its layer once per scheduling round.
    this.countMessages(1, this.cells);
    this.countMessages(2, this.clusters);
  }

  incident(kind: string, subject: number, detail: string): void {
    if (this.incidents.length < MAX_INCIDENTS) this.incidents.push({ t: this.sim.now, kind, subject, detail });
  }

  recordDetection(observed: boolean, latency: number): void {
    const s = observed ? this.counters.detectionObserved : this.counters.detectionAggregate;
    s.n++;
    s.sum += latency;
    s.sumSq += latency * latency;
    if (latency > s.max) s.max = latency;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(latency / (this.p.swim.periodSeconds / 2)));
    s.hist[bin]! += 1;
  }

  recordDissemination(observed: boolean, latency: number): void {
    const s = observed ? this.counters.disseminationObserved : this.counters.disseminationAggregate;
    s.n++;
    s.sum += latency;
    if (latency > s.max) s.max = latency;
  }

  // ---------------------------------------------------------------- setup

  private placeAllStripes(): void {
    const n = this.p.durability.n;
    for (let s = 0; s < this.stripes; s++) {
      for (let j = 0; j < n; j++) {
        const f = s * n + j;
        const g = this.placeFragment(s, f);
        if (g < 0) throw new Error(`could not place fragment ${j} of stripe ${s}: too few failure domains`);
        this.attach(f, g);
      }
    }
  }

  private attach(f: number, g: number): void {
    this.fragNode[f] = g;
    this.fragNext[f] = this.nodeHead[g]!;
    this.nodeHead[g] = f;
    this.fragMissing[f] = 0;
  }

  /**
   * A live tile for fragment f of stripe s in a cell no other present fragment of
   * the stripe uses, in a cluster holding fewer than ceil(n / clusters) of them.
   */
  private placeFragment(s: number, f: number): number {
    const n = this.p.durability.n;
    const rng = this.sim.rng;
    const used = this.scratchCells;
    let usedCount = 0;
    const perCluster = this.scratchClusters;
    perCluster.fill(0);
    for (let j = 0; j < n; j++) {
      const other = s * n + j;
      if (other === f || this.fragMissing[other] === 1) continue;
      const g = this.fragNode[other]!;
      used[usedCount++] = this.cellOf(g);
      perCluster[this.clusterOf(g)]! += 1;
    }
    const cap = Math.ceil(n / this.clusters);
    const tpc = this.p.tilesPerCell;
    const cpc = this.p.cellsPerCluster;
    for (let tries = 0; tries < 256; tries++) {
      const cl = rng.int(this.clusters);
      if (perCluster[cl]! >= cap) continue;
      const cell = cl * cpc + rng.int(cpc);
      if (this.cellAlive[cell] === 0) continue;
      let clash = false;
      for (let u = 0; u < usedCount; u++) {
        if (used[u] === cell) {
          clash = true;
          break;
        }
      }
      if (clash) continue;
      for (let t = 0; t < 32; t++) {
        const g = cell * tpc + rng.int(tpc);
        if (this.status[g] === ALIVE) return g;
      }
    }
    return -1;
  }

  private start(): void {
    const p = this.p;
    const sim = this.sim;
    if (this.swim) this.rounds.swim = sim.addRound(p.swim.periodSeconds, 0);
    this.rounds.aggregate = sim.addRound(p.aggregateRoundSeconds, p.aggregateRoundSeconds);
    if (this.thermal) this.rounds.thermal = sim.addRound(p.thermal.schedulingIntervalSeconds, 0);
    if (this.hlc) {
      this.rounds.hlc = sim.addRound(p.hlc.heartbeatSeconds, p.hlc.heartbeatSeconds);
      this.hlc.start();
    }
    this.scheduleNext(EV_INDEPENDENT_FAILURE);
    this.scheduleNext(EV_CELL_FAILURE);
    this.scheduleNext(EV_CLUSTER_FAILURE);
  }

  /** Failure processes are Poisson over all units and thinned to live ones when they fire. */
  private scheduleNext(type: number): void {
    const p = this.p;
    const rate =
      type === EV_INDEPENDENT_FAILURE
        ? (p.failureRatePerYear * this.nodes) / SECONDS_PER_YEAR
        : type === EV_CELL_FAILURE
          ? (p.cellFailureRatePerYear * this.cells) / SECONDS_PER_YEAR
          : (p.clusterFailureRatePerYear * this.clusters) / SECONDS_PER_YEAR;
    if (rate > 0) this.sim.schedule(this.sim.rng.exponential(1 / rate), type);
  }

  /** Fails tile g at absolute time `at` (tests and what-if scenarios). */
  scheduleFailure(g: number, at: number): void {
    this.sim.at(at, EV_NODE_FAIL, g, CAUSE_INJECTED);
  }

  // ---------------------------------------------------------------- events

  handleEvent(sim: Simulator, type: number, target: number, arg: number, aux: number): void {
    switch (type) {
      case EV_NODE_FAIL:
        this.failNode(target, arg);
        return;
      case EV_INDEPENDENT_FAILURE: {
        const g = sim.rng.int(this.nodes);
        if (this.status[g] === ALIVE) this.failNode(g, CAUSE_INDEPENDENT);
        this.scheduleNext(type);
        return;
      }
      case EV_CELL_FAILURE: {
        const cell = sim.rng.int(this.cells);
        const tpc = this.p.tilesPerCell;
        this.counters.cellFailures++;
        this.incident("cell_failure", cell, `cell ${cell} lost (${this.cellAlive[cell]} live tiles)`);
        for (let g = cell * tpc; g < (cell + 1) * tpc; g++) if (this.status[g] === ALIVE) this.failNode(g, CAUSE_CELL);
        this.scheduleNext(type);
        return;
      }
      case EV_CLUSTER_FAILURE: {
        const cl = sim.rng.int(this.clusters);
        const size = this.p.tilesPerCell * this.p.cellsPerCluster;
        this.counters.clusterFailures++;
        this.incident("cluster_failure", cl, `cluster ${cl} lost`);
        for (let g = cl * size; g < (cl + 1) * size; g++) if (this.status[g] === ALIVE) this.failNode(g, CAUSE_CLUSTER);
        this.scheduleNext(type);
        return;
      }
      case EV_CONFIRM:
        if (this.generation[target] === aux && this.status[target] === FAILED) this.confirmFailure(target);
        return;
      case EV_REPAIR:
        this.repair(target);
        return;
      case EV_REPLACE:
        if (this.generation[target] === aux && this.status[target] === CONFIRMED) this.replace(target);
        return;
      case EV_SUSPECT_TIMEOUT:
        this.swim!.handleSuspectTimeout(target, arg);
        return;
      case EV_TELEMETRY:
      case EV_THROTTLE:
        this.thermal!.handleEvent(type, target, arg, aux);
        return;
      case EV_HLC_SEND:
      case EV_HLC_DELIVER:
        this.hlc!.handleEvent(type, target, arg);
        return;
      default:
        this.swim!.handleEvent(type, target, arg, aux);
    }
  }

  handleRound(_sim: Simulator, roundId: number): void {
    if (roundId === this.rounds.swim) this.swim!.round();
    else if (roundId === this.rounds.aggregate) this.aggregateRound();
    else if (roundId === this.rounds.thermal) this.thermal!.round();
    else if (roundId === this.rounds.hlc) this.hlc!.heartbeatRound();
  }

  private failNode(g: number, cause: number): void {
    if (this.status[g] !== ALIVE) return;
    const now = this.sim.now;
    const c = this.counters;
    this.status[g] = FAILED;
    this.failedAt[g] = now;
    const cell = this.cellOf(g);
    this.cellAlive[cell]! -= 1;
    this.layerAlive[this.layerOf(g)]! -= 1;
    if (cause === CAUSE_INDEPENDENT) c.independentFailures++;
    else if (cause === CAUSE_INJECTED) c.injectedFailures++;
    else c.correlatedNodeFailures++;
    // Its fragments go missing now; they are rebuilt once the failure is confirmed.
    const kTolerance = this.p.durability.n - this.p.durability.k;
    for (let f = this.nodeHead[g]!; f !== -1; f = this.fragNext[f]!) {
      this.fragMissing[f] = 1;
      c.fragmentsLost++;
      const s = (f / this.p.durability.n) | 0;
      this.stripeMissing[s]! += 1;
      if (this.stripeMissing[s]! > kTolerance && this.stripeLost[s] === 0) {
        this.stripeLost[s] = 1;
        c.stripesLost++;
        this.incident("data_loss", s, `stripe ${s} lost ${this.stripeMissing[s]} of ${this.p.durability.n} fragments`);
      }
    }
    const swimCell = this.swim ? this.swim.obsOf[cell]! : -1;
    if (cause === CAUSE_CELL || cause === CAUSE_CLUSTER) {
      // Nobody is left inside the domain to gossip: its parent notices missed heartbeats.
      const level = cause === CAUSE_CELL ? 1 : 2;
      const at = 3 * this.p.swim.domainHeartbeatSeconds + this.p.linkDelaySeconds[level];
      c.domainDetections++;
      this.sim.schedule(at, EV_CONFIRM, g, 0, this.generation[g]!);
      if (swimCell >= 0) this.swim!.onFailure(g);
      return;
    }
    if (swimCell >= 0) {
      this.swim!.onFailure(g);
      return;
    }
    this.sampleAggregateDetection(g, cell, now);
  }

  /**
   * Failure detection outside observed cells, sampled from SWIM's own model:
   * protocol periods are aligned per cell; a failed member is first picked in the
   * G-th period after its failure, G geometric with the exact pick probability for
   * the cell's current membership; the originator confirms after the suspicion
   * timeout, and the confirmation reaches everyone after the mean-field
   * dissemination time.
   */
  private sampleAggregateDetection(g: number, cell: number, now: number): void {
    const sw = this.p.swim;
    const T = sw.periodSeconds;
    const members = this.cellMembers[cell]!;
    const alive = this.cellAlive[cell]!;
    const pick = swimPickProbability(members, alive);
    if (pick <= 0) {
      this.counters.domainDetections++;
      this.sim.schedule(
        3 * sw.domainHeartbeatSeconds + this.p.linkDelaySeconds[1],
        EV_CONFIRM,
        g,
        0,
        this.generation[g]!,
      );
      return;
    }
    const u = 1 - this.sim.rng.next();
    const periods = pick >= 1 ? 1 : Math.max(1, Math.ceil(Math.log(u) / Math.log(1 - pick)));
    const nextBoundary = Math.ceil(now / T) * T;
    const detectAt = nextBoundary + periods * T;
    const confirmAt = detectAt + sw.suspicionPeriods * T;
    const allKnowAt = confirmAt + swimDisseminationPeriods(alive, sw.packetLoss) * T;
    this.recordDetection(false, detectAt - now);
    this.recordDissemination(false, allKnowAt - now);
    this.sim.at(confirmAt, EV_CONFIRM, g, 0, this.generation[g]!);
  }

  /** The fleet knows tile g is gone: rebuild its fragments elsewhere, schedule its replacement. */
  confirmFailure(g: number): void {
    if (this.status[g] !== FAILED) return;
    const sim = this.sim;
    this.status[g] = CONFIRMED;
    this.counters.confirmed++;
    this.cellMembers[this.cellOf(g)]! -= 1;
    this.countMessages(1, 1); // membership change summarised to the cluster
    const mean = this.p.durability.repairMeanSeconds;
    let f = this.nodeHead[g]!;
    this.nodeHead[g] = -1;
    while (f !== -1) {
      const next = this.fragNext[f]!;
      this.fragNext[f] = -1;
      sim.schedule(sim.rng.exponential(mean), EV_REPAIR, f);
      f = next;
    }
    if (this.p.replaceAfterHours > 0)
      sim.schedule(this.p.replaceAfterHours * 3600, EV_REPLACE, g, 0, this.generation[g]!);
  }

  private repair(f: number): void {
    const d = this.p.durability;
    const s = (f / d.n) | 0;
    if (this.stripeLost[s] === 1 || this.fragMissing[f] === 0) return;
    const g = this.placeFragment(s, f);
    if (g < 0) {
      this.counters.repairRetries++;
      this.sim.schedule(d.repairMeanSeconds, EV_REPAIR, f);
      return;
    }
    // Read k surviving fragments into the new tile.
    let reads = 0;
    for (let j = 0; j < d.n && reads < d.k; j++) {
      const other = s * d.n + j;
      if (other === f || this.fragMissing[other] === 1) continue;
      this.countMessages(this.levelOf(this.fragNode[other]!, g), 1);
      reads++;
    }
    this.attach(f, g);
    this.stripeMissing[s]! -= 1;
    this.counters.fragmentsRepaired++;
    this.counters.cpuRepair +=
      (d.k * d.fragmentBytes) / this.p.overhead.decodeBytesPerSecond + reads * this.p.overhead.messageCpuSeconds;
  }

  private replace(g: number): void {
    this.status[g] = ALIVE;
    this.generation[g] = (this.generation[g]! + 1) & 0xffff;
    const cell = this.cellOf(g);
    this.cellAlive[cell]! += 1;
    this.cellMembers[cell]! += 1;
    this.layerAlive[this.layerOf(g)]! += 1;
    this.counters.replaced++;
    if (this.swim && this.swim.obsOf[cell]! >= 0) this.swim.rejoin(g);
  }

  /** Round-based bookkeeping for everything outside the observed cells. */
  private aggregateRound(): void {
    const c = this.counters;
    const now = this.sim.now;
    const dt = now - c.lastAggregateAt;
    c.lastAggregateAt = now;
    let alive = 0;
    for (let l = 0; l < this.p.layers; l++) alive += this.layerAlive[l]!;
    c.aliveTileSeconds += alive * dt;
    let observedAlive = 0;
    if (this.swim) for (const cell of this.swim.observed) observedAlive += this.cellAlive[cell]!;
    const sw = this.p.swim;
    const periods = dt / sw.periodSeconds;
    const probes = (alive - observedAlive) * periods;
    const directFail = 1 - (1 - sw.packetLoss) ** 2;
    const msgs = probes * (2 + directFail * 4 * sw.indirectProbes);
    c.aggregateProbes += probes;
    this.countMessages(0, msgs);
    c.cpuDetection += msgs * this.p.overhead.messageCpuSeconds;
    c.aggregateFalseSuspicions += poisson(
      this.sim.rng,
      probes * swimFalseSuspicionProbability(sw.packetLoss, sw.indirectProbes),
    );
    if (this.swim) {
      // Observed cells' traffic is counted message by message; charge its cost here.
      const m = this.swim.stats.messages;
      const prev = this.observedMessagesCharged;
      this.countMessages(0, m - prev);
      c.cpuDetection += (m - prev) * this.p.overhead.messageCpuSeconds;
      this.observedMessagesCharged = m;
    }
    const cpu = c.cpuDetection + c.cpuRepair + c.cpuScheduling + c.cpuCausal;
    this.overheadShareEstimate = c.aliveTileSeconds > 0 ? cpu / c.aliveTileSeconds : 0;
  }

  private observedMessagesCharged = 0;

  // ---------------------------------------------------------------- running

  /** Runs until simulated time `untilSeconds` (or for `maxEvents` events). */
  runFor(opts: {
    untilSeconds?: number;
    maxEvents?: number;
    onProgress?: (p: Progress) => void;
    progressEveryEvents?: number;
  }) {
    return this.sim.runFor({
      ...(opts.untilSeconds !== undefined ? { until: opts.untilSeconds } : {}),
      ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.progressEveryEvents !== undefined ? { progressEveryEvents: opts.progressEveryEvents } : {}),
    });
  }

  /** Bytes of per-tile and per-fragment typed arrays, per tile. */
  get stateBytesPerNode(): number {
    const arrays = [
      this.status,
      this.failedAt,
      this.generation,
      this.nodeHead,
      this.fragNode,
      this.fragNext,
      this.fragMissing,
      this.stripeMissing,
      this.stripeLost,
      this.cellAlive,
      this.cellMembers,
    ];
    const bytes = arrays.reduce((s, a) => s + a.byteLength, 0) + (this.swim?.bytes ?? 0);
    return bytes / this.nodes;
  }

  /** Analytic loss probability per stripe over the run so far, independent failures only. */
  analyticStripeLoss(seconds: number): number {
    const d = this.p.durability;
    const sw = this.p.swim;
    const lambda = this.p.failureRatePerYear / SECONDS_PER_YEAR;
    const confirmDelay =
      sw.periodSeconds / 2 + swimExpectedFirstDetection(sw.periodSeconds, 1) + sw.suspicionPeriods * sw.periodSeconds;
    const mu = 1 / (d.repairMeanSeconds + confirmDelay);
    return stripeLossProbability(d.k, d.n, lambda, mu, seconds);
  }

  result(): DcosResult {
    return buildResult(this);
  }

  checkpoint(): DcosCheckpoint {
    return {
      format: "aos-dcos-twin/1",
      params: this.p,
      engine: this.sim.checkpoint(),
      arrays: {
        status: encodeTyped(this.status),
        failedAt: encodeTyped(this.failedAt),
        generation: encodeTyped(this.generation),
        cellAlive: encodeTyped(this.cellAlive),
        cellMembers: encodeTyped(this.cellMembers),
        layerAlive: encodeTyped(this.layerAlive),
        nodeHead: encodeTyped(this.nodeHead),
        fragNode: encodeTyped(this.fragNode),
        fragNext: encodeTyped(this.fragNext),
        fragMissing: encodeTyped(this.fragMissing),
        stripeMissing: encodeTyped(this.stripeMissing),
        stripeLost: encodeTyped(this.stripeLost),
      },
      counters: structuredClone({
        ...this.counters,
        observedMessagesCharged: this.observedMessagesCharged,
        overheadShareEstimate: this.overheadShareEstimate,
      }),
      incidents: structuredClone(this.incidents),
      swim: this.swim ? this.swim.snapshot() : null,
      thermal: this.thermal ? this.thermal.snapshot() : null,
      hlc: this.hlc ? this.hlc.snapshot() : null,
      rounds: { ...this.rounds },
    };
  }

  static fromCheckpoint(cp: DcosCheckpoint): DcosTwin {
    if (cp.format !== "aos-dcos-twin/1") throw new Error(`unknown DCOS checkpoint format ${String(cp.format)}`);
    const twin = new DcosTwin(cp.params, { restoring: true });
    twin.sim.restoreCheckpoint(cp.engine);
    const a = cp.arrays;
    twin.status = decodeUint8(a.status!);
    twin.failedAt = decodeFloat64(a.failedAt!);
    twin.generation = decodeUint16(a.generation!);
    twin.cellAlive = decodeInt32(a.cellAlive!);
    twin.cellMembers = decodeInt32(a.cellMembers!);
    twin.layerAlive = decodeInt32(a.layerAlive!);
    twin.nodeHead = decodeInt32(a.nodeHead!);
    twin.fragNode = decodeInt32(a.fragNode!);
    twin.fragNext = decodeInt32(a.fragNext!);
    twin.fragMissing = decodeUint8(a.fragMissing!);
    twin.stripeMissing = decodeUint8(a.stripeMissing!);
    twin.stripeLost = decodeUint8(a.stripeLost!);
    const { observedMessagesCharged, overheadShareEstimate, ...counters } = structuredClone(
      cp.counters,
    ) as CoreCounters & {
      observedMessagesCharged: number;
      overheadShareEstimate: number;
    };
    twin.counters = counters;
    twin.observedMessagesCharged = observedMessagesCharged;
    twin.overheadShareEstimate = overheadShareEstimate;
    twin.incidents = structuredClone(cp.incidents);
    if (twin.swim && cp.swim) twin.swim.restore(cp.swim);
    if (twin.thermal && cp.thermal) twin.thermal.restore(cp.thermal);
    if (twin.hlc && cp.hlc) twin.hlc.restore(cp.hlc);
    twin.rounds = { ...cp.rounds };
    return twin;
  }
}

/** Poisson sample: Knuth's product method for small means, a rounded normal above 30. */
function poisson(rng: { next(): number }, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let prod = rng.next();
    while (prod > limit) {
      k++;
      prod *= rng.next();
    }
    return k;
  }
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
}
