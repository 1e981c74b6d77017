import type { DcosTwin } from "./twin.ts";

export const EV_HLC_SEND = 30;
export const EV_HLC_DELIVER = 31;

/** HLC timestamps pack (physical milliseconds, logical counter) into one exact float64: l * 2^16 + c. */
const COUNTER = 65536;

export interface HlcStats {
  dataMessages: number;
  heartbeats: number;
  deliveries: number;
  causalViolations: number;
  /** Sum and max of the time a message waited in the hold-back buffer, seconds. */
  holdbackSum: number;
  holdbackMax: number;
  /** Largest gap between a member's HLC and its physical clock, ms. */
  maxDriftMs: number;
}

/**
 * Causal broadcast inside a cell without a global clock (GentleRain-style
 * stabilisation on hybrid logical clocks, Kulkarni et al. 2014).
 *
 * Members of a group (the first `groupSize` tiles of the first observed cell)
 * broadcast messages stamped with their HLC; links reorder messages (random
 * delays). A receiver puts each sender's stream back in FIFO order by sequence
 * number, updates its HLC, and delivers messages in timestamp order once every
 * live sender's stream has passed the message's timestamp. Because e -> f implies
 * hlc(e) < hlc(f), this never delivers a message before its causes. Heartbeats
 * keep the streams moving when a member has nothing to say.
 *
 * The check is independent of the mechanism: every data message carries the
 * vector clock of its causal past (for verification only), and each delivery
 * asserts that the receiver already delivered everything in it.
 */
export class HlcGroup {
  private readonly twin: DcosTwin;
  readonly size: number;
  private readonly firstNode: number;
  private offset: number[];
  private hlc: number[];
  private sendSeq: number[];
  private lastSendAt: number[];
  /** Per receiver r, per sender s: next expected seq, and timestamp of the last in-order message. */
  private expectSeq: number[];
  private streamTs: number[];
  /** delivered[r * G + s]: data messages of s delivered at r (own sends included). */
  private delivered: number[];
  private outOfOrder: number[][];
  private ready: number[][];
  // Message pool (plain arrays: this workload is small by design).
  private msgSender: number[] = [];
  private msgSeq: number[] = [];
  private msgTs: number[] = [];
  private msgData: number[] = [];
  private msgRefs: number[] = [];
  private msgArrived: number[] = [];
  private msgVc: number[] = [];
  private freeMsgs: number[] = [];
  stats: HlcStats = {
    dataMessages: 0,
    heartbeats: 0,
    deliveries: 0,
    causalViolations: 0,
    holdbackSum: 0,
    holdbackMax: 0,
    maxDriftMs: 0,
  };

  constructor(twin: DcosTwin, firstNode: number) {
    this.twin = twin;
    const g = twin.p.hlc.groupSize;
    this.size = g;
    this.firstNode = firstNode;
    const rng = twin.sim.rng;
    this.offset = Array.from({ length: g }, () => (rng.next() * 2 - 1) * twin.p.hlc.clockSkewSeconds);
    this.hlc = new Array<number>(g).fill(0);
    this.sendSeq = new Array<number>(g).fill(0);
    this.lastSendAt = new Array<number>(g).fill(0);
    this.expectSeq = new Array<number>(g * g).fill(0);
    this.streamTs = new Array<number>(g * g).fill(0);
    this.delivered = new Array<number>(g * g).fill(0);
    this.outOfOrder = Array.from({ length: g }, () => []);
    this.ready = Array.from({ length: g }, () => []);
  }

  start(): void {
    const rate = this.twin.p.hlc.messagesPerMemberPerSecond;
    for (let i = 0; i < this.size; i++) this.twin.sim.schedule(this.twin.sim.rng.exponential(1 / rate), EV_HLC_SEND, i);
  }

  private alive(i: number): boolean {
    return this.twin.status[this.firstNode + i] === 0;
  }

  private physicalMs(i: number): number {
    return Math.floor((this.twin.sim.now + this.offset[i]!) * 1000);
  }

  private tick(i: number): number {
    const pt = this.physicalMs(i);
    const cur = this.hlc[i]!;
    const l = Math.floor(cur / COUNTER);
    const next = pt > l ? pt * COUNTER : cur + 1;
    this.hlc[i] = next;
    return next;
  }

  private receiveClock(i: number, ts: number): void {
    const pt = this.physicalMs(i);
    const cur = this.hlc[i]!;
    const l = Math.floor(cur / COUNTER);
    const lm = Math.floor(ts / COUNTER);
    let next: number;
    if (pt > l && pt > lm) next = pt * COUNTER;
    else if (l === lm) next = Math.max(cur, ts) + 1;
    else if (l > lm) next = cur + 1;
    else next = ts + 1;
    this.hlc[i] = next;
    const drift = Math.floor(next / COUNTER) - pt;
    if (drift > this.stats.maxDriftMs) this.stats.maxDriftMs = drift;
  }

  private allocMessage(sender: number, data: boolean): number {
    const id = this.freeMsgs.length > 0 ? this.freeMsgs.pop()! : this.msgSender.length;
    const g = this.size;
    this.msgSender[id] = sender;
    this.msgSeq[id] = this.sendSeq[sender]!++;
    this.msgTs[id] = this.tick(sender);
    this.msgData[id] = data ? 1 : 0;
    this.msgRefs[id] = g - 1;
    this.msgArrived[id] = 0;
    for (let k = 0; k < g; k++) this.msgVc[id * g + k] = data ? this.delivered[sender * g + k]! : 0;
    return id;
  }

  private broadcast(sender: number, data: boolean): void {
    const twin = this.twin;
    const sim = twin.sim;
    if (data) this.delivered[sender * this.size + sender]! += 1;
    const id = this.allocMessage(sender, data);
    this.lastSendAt[sender] = sim.now;
    const d = twin.p.linkDelaySeconds[0];
    for (let r = 0; r < this.size; r++) {
      if (r === sender) continue;
      sim.schedule(d * (0.5 + sim.rng.exponential(1)), EV_HLC_DELIVER, r, id);
    }
    twin.countMessages(0, this.size - 1);
    twin.addMessageCost(this.size - 1);
  }

  heartbeatRound(): void {
    const now = this.twin.sim.now;
    const hb = this.twin.p.hlc.heartbeatSeconds;
    for (let i = 0; i < this.size; i++) {
      if (!this.alive(i) || now - this.lastSendAt[i]! < hb) continue;
      this.stats.heartbeats++;
      this.broadcast(i, false);
    }
  }

  handleEvent(type: number, target: number, arg: number): void {
    const sim = this.twin.sim;
    if (type === EV_HLC_SEND) {
      if (this.alive(target)) {
        this.stats.dataMessages++;
        this.broadcast(target, true);
      }
      sim.schedule(sim.rng.exponential(1 / this.twin.p.hlc.messagesPerMemberPerSecond), EV_HLC_SEND, target);
      return;
    }
    // EV_HLC_DELIVER: message `arg` arrives at receiver `target`.
    const r = target;
    if (!this.alive(r)) {
      this.release(arg);
      return;
    }
    this.msgArrived[arg] = sim.now;
    this.outOfOrder[r]!.push(arg);
    this.drainStreams(r);
    this.deliverStable(r);
  }

  private release(id: number): void {
    if (--this.msgRefs[id]! === 0) this.freeMsgs.push(id);
  }

  /** Moves messages that are next in their sender's FIFO stream to the ready list. */
  private drainStreams(r: number): void {
    const g = this.size;
    const list = this.outOfOrder[r]!;
    let progress = true;
    while (progress) {
      progress = false;
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        const s = this.msgSender[id]!;
        if (this.msgSeq[id] !== this.expectSeq[r * g + s]) continue;
        list.splice(i, 1);
        i--;
        progress = true;
        this.expectSeq[r * g + s]! += 1;
        this.streamTs[r * g + s] = this.msgTs[id]!;
        this.receiveClock(r, this.msgTs[id]!);
        if (this.msgData[id] === 1) this.insertReady(r, id);
        else this.release(id);
      }
    }
  }

  private insertReady(r: number, id: number): void {
    const list = this.ready[r]!;
    const ts = this.msgTs[id]!;
    const s = this.msgSender[id]!;
    let i = list.length;
    while (i > 0) {
      const other = list[i - 1]!;
      const ots = this.msgTs[other]!;
      if (ots < ts || (ots === ts && this.msgSender[other]! < s)) break;
      i--;
    }
    list.splice(i, 0, id);
  }

  /** Delivers, in timestamp order, every ready message no live stream can still precede. */
  private deliverStable(r: number): void {
    const g = this.size;
    let stable = Number.POSITIVE_INFINITY;
    for (let s = 0; s < g; s++) {
      if (s === r || !this.alive(s)) continue;
      const ts = this.streamTs[r * g + s]!;
      if (ts < stable) stable = ts;
    }
    const list = this.ready[r]!;
    const now = this.twin.sim.now;
    while (list.length > 0 && this.msgTs[list[0]!]! <= stable) {
      const id = list.shift()!;
      const s = this.msgSender[id]!;
      // Causality check against the vector clock of the message's causal past.
      let ok = this.delivered[r * g + s] === this.msgVc[id * g + s]! - 1;
      for (let k = 0; k < g && ok; k++) {
        if (k !== s && this.delivered[r * g + k]! < this.msgVc[id * g + k]!) ok = false;
      }
      if (!ok) this.stats.causalViolations++;
      this.delivered[r * g + s]! += 1;
      this.stats.deliveries++;
      const wait = now - this.msgArrived[id]!;
      this.stats.holdbackSum += wait;
      if (wait > this.stats.holdbackMax) this.stats.holdbackMax = wait;
      this.release(id);
    }
  }

  snapshot(): object {
    return structuredClone({
      offset: this.offset,
      hlc: this.hlc,
      sendSeq: this.sendSeq,
      lastSendAt: this.lastSendAt,
      expectSeq: this.expectSeq,
      streamTs: this.streamTs,
      delivered: this.delivered,
      outOfOrder: this.outOfOrder,
      ready: this.ready,
      msgSender: this.msgSender,
      msgSeq: this.msgSeq,
      msgTs: this.msgTs,
      msgData: this.msgData,
      msgRefs: this.msgRefs,
      msgArrived: this.msgArrived,
      msgVc: this.msgVc,
      freeMsgs: this.freeMsgs,
      stats: this.stats,
    });
  }

  restore(snap: object): void {
    const s = structuredClone(snap) as ReturnType<HlcGroup["snapshot"]> & Record<string, never>;
    Object.assign(this, s);
  }
}
