import type { DcosTwin } from "./twin.ts";

export const EV_TELEMETRY = 20;
export const EV_THROTTLE = 21;

/** Heat values travel in int32 payload columns in 1/16 units. */
const FIXED = 16;

export interface ThermalStats {
  rounds: number;
  throttleSignals: number;
  /** Seconds each layer spent above the threshold. */
  secondsAbove: number[];
  maxLoad: number[];
  /** Integrals of demanded and unplaced work (tile-seconds). */
  demandTileSeconds: number;
  unplacedTileSeconds: number;
  placedTileSeconds: number;
  samples: { t: number[]; load: number[][] };
}

/**
 * Thermal-aware scheduling as a fluid model at layer granularity.
 *
 * Heat flows outward: layer j must reject the heat of every layer i <= j, so its
 * thermal load is sum_{i<=j} W_i / R_j, where W_i is the work running on layer i
 * (a busy tile makes one unit of heat) and R_j its heat-rejection capacity. Each
 * scheduling round, every layer places its share of the demand (plus what inner
 * layers could not place) only up to the headroom it believes every outer layer
 * still has; that belief comes from telemetry that took the inter-layer link delay
 * to arrive. A layer that measures its own load above the threshold sends a
 * throttle signal inward (again delayed), which caps the inner layers' work for a
 * hold time. Radiator degradation events lower R_j for hours at random.
 */
export class Thermal {
  private readonly twin: DcosTwin;
  private readonly layers: number;
  work: Float64Array;
  private dipFactor: Float64Array;
  private dipUntil: Float64Array;
  /** viewCum[i * L + j], viewCap[i * L + j]: what layer i last heard of layer j's cumulative heat and capacity. */
  private viewCum: Float64Array;
  private viewCap: Float64Array;
  private throttleCap: Float64Array;
  private throttleUntil: Float64Array;
  private lastThrottleSent: Float64Array;
  private nextSampleAt = 0;
  stats: ThermalStats;

  constructor(twin: DcosTwin) {
    this.twin = twin;
    const L = twin.p.layers;
    this.layers = L;
    this.work = new Float64Array(L);
    this.dipFactor = new Float64Array(L).fill(1);
    this.dipUntil = new Float64Array(L);
    this.viewCum = new Float64Array(L * L);
    this.viewCap = new Float64Array(L * L);
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) this.viewCap[i * L + j] = this.baseCapacity(j);
    this.throttleCap = new Float64Array(L).fill(Number.POSITIVE_INFINITY);
    this.throttleUntil = new Float64Array(L);
    this.lastThrottleSent = new Float64Array(L).fill(Number.NEGATIVE_INFINITY);
    this.stats = {
      rounds: 0,
      throttleSignals: 0,
      secondsAbove: new Array<number>(L).fill(0),
      maxLoad: new Array<number>(L).fill(0),
      demandTileSeconds: 0,
      unplacedTileSeconds: 0,
      placedTileSeconds: 0,
      samples: { t: [], load: Array.from({ length: L }, () => []) },
    };
  }

  /** Layer j rejects the heat of layers 0..j: capacity = factor[j] x tiles in layers 0..j. */
  private baseCapacity(layer: number): number {
    return this.twin.p.thermal.rejectionFactor[layer]! * this.twin.tilesPerLayer * (layer + 1);
  }

  private capacity(layer: number): number {
    return this.baseCapacity(layer) * this.dipFactor[layer]!;
  }

  /** True thermal load of every layer right now. */
  loads(): number[] {
    const out: number[] = [];
    let cum = 0;
    for (let j = 0; j < this.layers; j++) {
      cum += this.work[j]!;
      out.push(cum / this.capacity(j));
    }
    return out;
  }

  round(): void {
    const twin = this.twin;
    const p = twin.p.thermal;
    const sim = twin.sim;
    const now = sim.now;
    const rng = sim.rng;
    const L = this.layers;
    const dt = p.schedulingIntervalSeconds;
    this.stats.rounds++;
    // Radiator degradation events.
    for (let j = 0; j < L; j++) {
      if (this.dipFactor[j]! < 1 && now >= this.dipUntil[j]!) this.dipFactor[j] = 1;
      if (this.dipFactor[j] === 1 && rng.chance((p.radiatorDipsPerDay * dt) / 86400)) {
        this.dipFactor[j] = 1 - p.radiatorDipDepth;
        this.dipUntil[j] = now + rng.exponential(p.radiatorDipMeanHours * 3600);
        twin.incident("radiator_dip", j, `layer ${j} heat rejection down ${Math.round(p.radiatorDipDepth * 100)}%`);
      }
    }
    // Measure, account, back-pressure, report.
    const delay = twin.p.linkDelaySeconds[3];
    let cum = 0;
    for (let j = 0; j < L; j++) {
      cum += this.work[j]!;
      const cap = this.capacity(j);
      const load = cum / cap;
      if (load > p.threshold) this.stats.secondsAbove[j]! += dt;
      if (load > this.stats.maxLoad[j]!) this.stats.maxLoad[j] = load;
      this.viewCum[j * L + j] = cum;
      this.viewCap[j * L + j] = cap;
      if (load > p.threshold && now - this.lastThrottleSent[j]! >= 2 * j * delay + dt) {
        // Shed the excess from layers 0..j in proportion to their work; wait a round trip before repeating.
        const excess = cum - p.threshold * (1 - p.placementMargin) * cap;
        this.lastThrottleSent[j] = now;
        for (let i = 0; i <= j; i++) {
          const share = cum > 0 ? (excess * this.work[i]!) / cum : 0;
          if (share <= 0) continue;
          this.stats.throttleSignals++;
          if (i < j) twin.countMessages(3, 1);
          sim.schedule((j - i) * delay, EV_THROTTLE, i, j, Math.round(share * FIXED));
        }
      }
      for (let i = 0; i < j; i++) {
        twin.countMessages(3, 1);
        sim.schedule((j - i) * delay, EV_TELEMETRY, i * L + j, Math.round(cap * FIXED), Math.round(cum * FIXED));
      }
    }
    // Place this round's demand, inner layers first, spilling outward.
    const total = twin.nodes;
    const demand = p.demandUtilization * total * (1 + p.diurnalAmplitude * Math.sin((2 * Math.PI * now) / 86400));
    let spill = 0;
    let placed = 0;
    for (let i = 0; i < L; i++) {
      const want = (demand * twin.layerTiles(i)) / total + spill;
      let limit = twin.layerAlive[i]! * (1 - twin.overheadShareEstimate);
      if (now < this.throttleUntil[i]!) limit = Math.min(limit, this.throttleCap[i]!);
      // Headroom as layer i believes it, for every layer j >= i.
      const current = this.work[i]!;
      // Admission control: work on a layer grows by at most 5% of its tiles per round.
      limit = Math.min(limit, current + 0.05 * twin.layerTiles(i));
      for (let j = i; j < L; j++) {
        const room = p.threshold * (1 - p.placementMargin) * this.viewCap[i * L + j]! - this.viewCum[i * L + j]!;
        limit = Math.min(limit, current + room);
      }
      const w = Math.max(0, Math.min(want, limit));
      this.work[i] = w;
      // What this layer now adds is visible to itself at once.
      placed += w;
      spill = want - w;
    }
    this.stats.demandTileSeconds += demand * dt;
    this.stats.placedTileSeconds += placed * dt;
    this.stats.unplacedTileSeconds += Math.max(0, spill) * dt;
    twin.addSchedulingCost(dt);
    if (now >= this.nextSampleAt) {
      this.nextSampleAt = now + p.sampleSeconds;
      this.stats.samples.t.push(now);
      const loads = this.loads();
      for (let j = 0; j < L; j++) this.stats.samples.load[j]!.push(Math.round(loads[j]! * 10000) / 10000);
    }
  }

  handleEvent(type: number, target: number, arg: number, aux: number): void {
    const now = this.twin.sim.now;
    if (type === EV_TELEMETRY) {
      this.viewCap[target] = arg / FIXED;
      this.viewCum[target] = aux / FIXED;
      return;
    }
    // EV_THROTTLE: target = inner layer, arg = the hot layer, aux = heat to shed.
    const shed = aux / FIXED;
    const cap = Math.max(0, this.work[target]! - shed);
    this.work[target] = Math.min(this.work[target]!, cap);
    this.throttleCap[target] = cap;
    this.throttleUntil[target] = now + 2 * (arg - target + 1) * this.twin.p.linkDelaySeconds[3];
  }

  snapshot(): object {
    return {
      work: [...this.work],
      dipFactor: [...this.dipFactor],
      dipUntil: [...this.dipUntil],
      viewCum: [...this.viewCum],
      viewCap: [...this.viewCap],
      throttleCap: [...this.throttleCap].map((x) => (Number.isFinite(x) ? x : null)),
      throttleUntil: [...this.throttleUntil],
      lastThrottleSent: [...this.lastThrottleSent].map((x) => (Number.isFinite(x) ? x : null)),
      nextSampleAt: this.nextSampleAt,
      stats: structuredClone(this.stats),
    };
  }

  restore(snap: object): void {
    const s = snap as {
      work: number[];
      dipFactor: number[];
      dipUntil: number[];
      viewCum: number[];
      viewCap: number[];
      throttleCap: (number | null)[];
      throttleUntil: number[];
      lastThrottleSent: (number | null)[];
      nextSampleAt: number;
      stats: ThermalStats;
    };
    this.work = Float64Array.from(s.work);
    this.dipFactor = Float64Array.from(s.dipFactor);
    this.dipUntil = Float64Array.from(s.dipUntil);
    this.viewCum = Float64Array.from(s.viewCum);
    this.viewCap = Float64Array.from(s.viewCap);
    this.throttleCap = Float64Array.from(s.throttleCap.map((x) => x ?? Number.POSITIVE_INFINITY));
    this.throttleUntil = Float64Array.from(s.throttleUntil);
    this.lastThrottleSent = Float64Array.from(s.lastThrottleSent.map((x) => x ?? Number.NEGATIVE_INFINITY));
    this.nextSampleAt = s.nextSampleAt;
    this.stats = structuredClone(s.stats);
  }
}
