import { decodeFloat64, decodeInt16, decodeInt32, decodeUint8, encodeTyped } from "../engine/codec.ts";
import type { DcosTwin } from "./twin.ts";

/** Message-level event types of the SWIM protocol inside observed cells. */
export const EV_PING = 10;
export const EV_ACK = 11;
export const EV_PROBE_TIMEOUT = 12;
export const EV_INDIRECT_ACK = 13;
export const EV_SUSPECT_TIMEOUT = 14;

/** Update slots per cell: two bits each fit in the 32-bit aux column of a message. */
const SLOTS = 15;
const KIND_NONE = 0;
const KIND_SUSPECT = 1;
const KIND_ALIVE = 2;
const KIND_CONFIRM = 3;
/** A slot whose update has not reached everyone after this many periods is retired. */
const MAX_SLOT_AGE_PERIODS = 120;

export interface SwimObservedStats {
  probes: number;
  messages: number;
  suspicions: number;
  falseSuspicions: number;
  refutations: number;
  falsePositives: number;
  incompleteDisseminations: number;
  deferredUpdates: number;
  /** Probes of a live member that got no ack at all (the per-probe false-suspicion events). */
  failedProbesOfLive: number;
}

/**
 * SWIM, message by message, inside the observed cells: each protocol period every
 * live member pings a random member; without an ack by the ping timeout it asks k
 * others to probe indirectly; without any ack by the end of the period it starts a
 * suspicion. Suspicions, refutations (incarnation numbers) and confirmations are
 * disseminated by piggybacking on pings and acks, each member forwarding an update
 * at most lambda * ln(n) times. Membership updates live in 15 slots per cell; the
 * two-bit state a sender knows for each slot travels in the message's aux column.
 *
 * Simplifications (documented in docs/sim-dcos.md): the four messages of an
 * indirect probe are drawn at once and delivered as one event after four link
 * delays, and they carry no piggyback; a confirmed member that was alive rejoins
 * at once with a higher incarnation.
 */
export class SwimCells {
  readonly observed: Int32Array;
  readonly obsOf: Int32Array;
  readonly members: number;
  private readonly twin: DcosTwin;
  private readonly limit: number;
  private incarnation: Int32Array;
  private probeTarget: Int32Array;
  private probeAcked: Uint8Array;
  private inMembership: Uint8Array;
  private detectState: Uint8Array;
  private subjectSlot: Int16Array;
  private slotSubject: Int32Array;
  private slotKind: Uint8Array;
  private slotGen: Int32Array;
  private slotOriginator: Int32Array;
  private slotCreatedAt: Float64Array;
  private slotResetAt: Float64Array;
  private slotKnownCount: Int32Array;
  private known: Uint8Array;
  private sent: Uint8Array;
  private pending: number[][];
  stats: SwimObservedStats = {
    probes: 0,
    messages: 0,
    suspicions: 0,
    falseSuspicions: 0,
    refutations: 0,
    falsePositives: 0,
    incompleteDisseminations: 0,
    deferredUpdates: 0,
    failedProbesOfLive: 0,
  };

  constructor(twin: DcosTwin, observedCells: readonly number[], totalCells: number) {
    this.twin = twin;
    const o = observedCells.length;
    const m = twin.p.tilesPerCell;
    this.members = m;
    this.observed = Int32Array.from(observedCells);
    this.obsOf = new Int32Array(totalCells).fill(-1);
    observedCells.forEach((c, i) => {
      this.obsOf[c] = i;
    });
    this.limit = Math.max(1, Math.ceil(twin.p.swim.piggybackLambda * Math.log(m)));
    this.incarnation = new Int32Array(o * m);
    this.probeTarget = new Int32Array(o * m).fill(-1);
    this.probeAcked = new Uint8Array(o * m);
    this.inMembership = new Uint8Array(o * m).fill(1);
    this.detectState = new Uint8Array(o * m);
    this.subjectSlot = new Int16Array(o * m).fill(-1);
    this.slotSubject = new Int32Array(o * SLOTS).fill(-1);
    this.slotKind = new Uint8Array(o * SLOTS);
    this.slotGen = new Int32Array(o * SLOTS);
    this.slotOriginator = new Int32Array(o * SLOTS);
    this.slotCreatedAt = new Float64Array(o * SLOTS);
    this.slotResetAt = new Float64Array(o * SLOTS);
    this.slotKnownCount = new Int32Array(o * SLOTS);
    this.known = new Uint8Array(o * SLOTS * m);
    this.sent = new Uint8Array(o * SLOTS * m);
    this.pending = observedCells.map(() => []);
  }

  /** Bytes held by the message-level state (for the memory report). */
  get bytes(): number {
    const arrays = [
      this.incarnation,
      this.probeTarget,
      this.probeAcked,
      this.inMembership,
      this.detectState,
      this.subjectSlot,
      this.known,
      this.sent,
    ];
    return arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }

  /** Number of members currently in the membership list of observed cell `o` (for theory checks). */
  membershipSize(o: number): number {
    let n = 0;
    const base = o * this.members;
    for (let i = 0; i < this.members; i++) n += this.inMembership[base + i]!;
    return n;
  }

  /** Called by the twin when a failed tile of an observed cell is replaced. */
  rejoin(global: number): void {
    const cell = (global / this.members) | 0;
    const o = this.obsOf[cell]!;
    const li = o * this.members + (global - cell * this.members);
    this.inMembership[li] = 1;
    this.incarnation[li]! += 1;
    this.probeTarget[li] = -1;
    // News about the previous incarnation is obsolete: its alive message overrides it.
    const slot = this.subjectSlot[li]!;
    if (slot >= 0) {
      if (this.slotKind[o * SLOTS + slot] === KIND_CONFIRM && this.detectState[li] === 2)
        this.stats.incompleteDisseminations++;
      this.releaseSlot(o, slot);
    }
    this.detectState[li] = 0;
  }

  /** Called by the twin when a member of an observed cell fails. */
  onFailure(global: number): void {
    const cell = (global / this.members) | 0;
    const o = this.obsOf[cell]!;
    this.detectState[o * this.members + (global - cell * this.members)] = 0;
  }

  round(): void {
    const twin = this.twin;
    const sim = twin.sim;
    const status = twin.status;
    const m = this.members;
    const loss = twin.p.swim.packetLoss;
    const delay = twin.p.linkDelaySeconds[0];
    const pingTimeout = twin.p.swim.pingTimeoutSeconds;
    const rng = sim.rng;
    for (let o = 0; o < this.observed.length; o++) {
      const cellBase = this.observed[o]! * m;
      const base = o * m;
      // 1. Probes of the period that just ended: no ack of any kind means suspicion.
      for (let i = 0; i < m; i++) {
        const t = this.probeTarget[base + i]!;
        if (t >= 0 && this.probeAcked[base + i] === 0 && status[cellBase + i] === 0) {
          if (status[cellBase + t] === 0) this.stats.failedProbesOfLive++;
          this.suspect(o, i, t);
        }
        this.probeTarget[base + i] = -1;
      }
      // 2. Retire stale slots and admit deferred updates.
      this.ageSlots(o);
      // 3. New probes.
      for (let i = 0; i < m; i++) {
        if (status[cellBase + i] !== 0 || this.inMembership[base + i] === 0) continue;
        const t = this.pickMember(o, i, -1);
        if (t < 0) continue;
        this.probeTarget[base + i] = t;
        this.probeAcked[base + i] = 0;
        this.stats.probes++;
        this.stats.messages++;
        if (!rng.chance(loss)) sim.schedule(delay, EV_PING, cellBase + t, cellBase + i, this.gossipMask(o, i));
        sim.schedule(pingTimeout, EV_PROBE_TIMEOUT, cellBase + i);
      }
    }
  }

  /** A uniformly random member other than i (and other than `exclude`) that i still lists. */
  private pickMember(o: number, i: number, exclude: number): number {
    const m = this.members;
    const rng = this.twin.sim.rng;
    const base = o * m;
    for (let tries = 0; tries < 8; tries++) {
      let j = rng.int(m - 1);
      if (j >= i) j++;
      if (j === exclude || this.inMembership[base + j] === 0) continue;
      const slot = this.subjectSlot[base + j]!;
      if (slot >= 0 && this.known[(o * SLOTS + slot) * m + i] === KIND_CONFIRM) continue;
      return j;
    }
    return -1;
  }

  handleEvent(type: number, target: number, arg: number, aux: number): void {
    const twin = this.twin;
    const sim = twin.sim;
    const m = this.members;
    const cell = (target / m) | 0;
    const o = this.obsOf[cell]!;
    const cellBase = cell * m;
    const local = target - cellBase;
    const delay = twin.p.linkDelaySeconds[0];
    const loss = twin.p.swim.packetLoss;
    const status = twin.status;
    switch (type) {
      case EV_PING: {
        if (status[target] !== 0) return;
        this.merge(o, local, aux, sim.now - delay);
        this.stats.messages++;
        if (!sim.rng.chance(loss)) sim.schedule(delay, EV_ACK, arg, target, this.gossipMask(o, local));
        return;
      }
      case EV_ACK: {
        if (status[target] !== 0) return;
        this.merge(o, local, aux, sim.now - delay);
        if (this.probeTarget[o * m + local] === arg - cellBase) this.probeAcked[o * m + local] = 1;
        return;
      }
      case EV_PROBE_TIMEOUT: {
        const li = o * m + local;
        const t = this.probeTarget[li]!;
        if (status[target] !== 0 || t < 0 || this.probeAcked[li] !== 0) return;
        const rng = sim.rng;
        let success = false;
        for (let h = 0; h < twin.p.swim.indirectProbes; h++) {
          const helper = this.pickMember(o, local, t);
          if (helper < 0) continue;
          // ping-req i -> helper, ping helper -> t, ack t -> helper, ack helper -> i
          this.stats.messages++;
          if (rng.chance(loss) || status[cellBase + helper] !== 0) continue;
          this.stats.messages++;
          if (rng.chance(loss) || status[cellBase + t] !== 0) continue;
          this.stats.messages++;
          if (rng.chance(loss)) continue;
          this.stats.messages++;
          if (rng.chance(loss)) continue;
          success = true;
        }
        if (success) sim.schedule(4 * delay, EV_INDIRECT_ACK, target, cellBase + t);
        return;
      }
      case EV_INDIRECT_ACK: {
        const li = o * m + local;
        if (this.probeTarget[li] === arg - cellBase && this.probeAcked[li] === 0) this.probeAcked[li] = 2;
        return;
      }
      default:
        throw new Error(`SwimCells: unknown event type ${type}`);
    }
  }

  /** Suspicion timer expiry; target = observed cell * SLOTS + slot, arg = slot generation. */
  handleSuspectTimeout(slotIndex: number, gen: number): void {
    if (
      this.slotGen[slotIndex] !== gen ||
      this.slotKind[slotIndex] === KIND_CONFIRM ||
      this.slotSubject[slotIndex]! < 0
    )
      return;
    const o = (slotIndex / SLOTS) | 0;
    const m = this.members;
    const originator = this.slotOriginator[slotIndex]!;
    if (this.known[slotIndex * m + originator]! >= KIND_ALIVE) return; // it heard the refutation
    const subject = this.slotSubject[slotIndex]!;
    const twin = this.twin;
    const g = this.observed[o]! * m + subject;
    this.slotKind[slotIndex] = KIND_CONFIRM;
    this.slotGen[slotIndex]! += 1;
    this.known[slotIndex * m + originator] = KIND_CONFIRM;
    this.slotKnownCount[slotIndex] = 1;
    // A new update: every member gets a fresh piggyback budget for it.
    this.sent.fill(0, slotIndex * m, slotIndex * m + m);
    if (twin.status[g] === 0) {
      this.stats.falsePositives++;
      twin.incident("swim_false_positive", g, "live member confirmed failed under packet loss");
    } else {
      this.detectState[o * m + subject] = 2;
      twin.confirmFailure(g);
    }
    this.checkComplete(o, slotIndex - o * SLOTS);
  }

  private suspect(o: number, by: number, subject: number): void {
    const m = this.members;
    const base = o * m;
    const twin = this.twin;
    const g = this.observed[o]! * m + subject;
    // The prober has noticed, whether or not a slot is free to spread the news.
    if (twin.status[g] !== 0 && this.detectState[base + subject] === 0) {
      this.detectState[base + subject] = 1;
      twin.recordDetection(true, twin.sim.now - twin.failedAt[g]!);
    }
    const slot = this.subjectSlot[base + subject]!;
    if (slot >= 0) {
      const si = o * SLOTS + slot;
      const kind = this.slotKind[si]!;
      if (kind === KIND_SUSPECT || kind === KIND_CONFIRM) {
        const ki = si * m + by;
        if (this.known[ki]! < KIND_SUSPECT) {
          this.known[ki] = KIND_SUSPECT;
          if (kind === KIND_SUSPECT) this.slotKnownCount[si]! += 1;
        }
        return;
      }
      // KIND_ALIVE: the subject refuted an earlier suspicion; this is a new one.
      this.openSlot(o, slot, subject, by);
    } else {
      const free = this.freeSlot(o);
      if (free < 0) {
        const queue = this.pending[o]!;
        for (let q = 0; q < queue.length; q += 2) if (queue[q] === subject) return;
        queue.push(subject, by);
        this.stats.deferredUpdates++;
        return;
      }
      this.openSlot(o, free, subject, by);
    }
    this.stats.suspicions++;
    if (twin.status[g] === 0) this.stats.falseSuspicions++;
  }

  private freeSlot(o: number): number {
    for (let s = 0; s < SLOTS; s++) if (this.slotSubject[o * SLOTS + s]! < 0) return s;
    return -1;
  }

  private openSlot(o: number, slot: number, subject: number, originator: number): void {
    const m = this.members;
    const si = o * SLOTS + slot;
    const now = this.twin.sim.now;
    this.slotSubject[si] = subject;
    this.subjectSlot[o * m + subject] = slot;
    this.slotKind[si] = KIND_SUSPECT;
    this.slotGen[si]! += 1;
    this.slotOriginator[si] = originator;
    this.slotCreatedAt[si] = now;
    this.slotResetAt[si] = now;
    this.known.fill(0, si * m, si * m + m);
    this.sent.fill(0, si * m, si * m + m);
    this.known[si * m + originator] = KIND_SUSPECT;
    this.slotKnownCount[si] = 1;
    const p = this.twin.p.swim;
    this.twin.sim.schedule(p.suspicionPeriods * p.periodSeconds, EV_SUSPECT_TIMEOUT, si, this.slotGen[si]!);
  }

  private releaseSlot(o: number, slot: number): void {
    const si = o * SLOTS + slot;
    const subject = this.slotSubject[si]!;
    if (subject >= 0 && this.subjectSlot[o * this.members + subject] === slot)
      this.subjectSlot[o * this.members + subject] = -1;
    this.slotSubject[si] = -1;
    this.slotKind[si] = KIND_NONE;
    this.slotGen[si]! += 1;
    this.slotResetAt[si] = this.twin.sim.now;
  }

  private ageSlots(o: number): void {
    const now = this.twin.sim.now;
    const maxAge = MAX_SLOT_AGE_PERIODS * this.twin.p.swim.periodSeconds;
    for (let s = 0; s < SLOTS; s++) {
      const si = o * SLOTS + s;
      if (this.slotSubject[si]! < 0) continue;
      if (now - this.slotCreatedAt[si]! > maxAge) {
        if (this.slotKind[si] === KIND_CONFIRM) this.stats.incompleteDisseminations++;
        this.finishSlot(o, s);
      }
    }
    const queue = this.pending[o]!;
    while (queue.length > 0 && this.freeSlot(o) >= 0) {
      const subject = queue.shift()!;
      const by = queue.shift()!;
      this.suspect(o, by, subject);
    }
  }

  /** Sender's two-bit knowledge of every slot it may still forward. */
  private gossipMask(o: number, sender: number): number {
    const m = this.members;
    let mask = 0;
    for (let s = 0; s < SLOTS; s++) {
      const si = o * SLOTS + s;
      if (this.slotSubject[si]! < 0) continue;
      const ki = si * m + sender;
      const k = this.known[ki]!;
      if (k === 0 || this.sent[ki]! >= this.limit) continue;
      this.sent[ki]! += 1;
      mask |= k << (2 * s);
    }
    return mask;
  }

  private merge(o: number, receiver: number, mask: number, sendTime: number): void {
    if (mask === 0) return;
    const m = this.members;
    for (let s = 0; s < SLOTS; s++) {
      const v = (mask >>> (2 * s)) & 3;
      if (v === 0) continue;
      const si = o * SLOTS + s;
      if (this.slotSubject[si]! < 0 || this.slotResetAt[si]! > sendTime) continue;
      const ki = si * m + receiver;
      const cur = this.known[ki]!;
      if (v <= cur) continue;
      this.known[ki] = v;
      const kind = this.slotKind[si]!;
      if (v === kind) this.slotKnownCount[si]! += 1;
      if (v === KIND_SUSPECT && kind === KIND_SUSPECT && this.slotSubject[si] === receiver) {
        // The suspect hears about itself: refute with a higher incarnation.
        this.incarnation[o * m + receiver]! += 1;
        this.slotKind[si] = KIND_ALIVE;
        this.known[ki] = KIND_ALIVE;
        this.slotKnownCount[si] = 1;
        this.sent.fill(0, si * m, si * m + m);
        this.stats.refutations++;
      }
      if (v === this.slotKind[si]) this.checkComplete(o, s);
    }
  }

  /** An update every live member knows is done: apply it and free its slot. */
  private checkComplete(o: number, slot: number): void {
    const twin = this.twin;
    const m = this.members;
    const si = o * SLOTS + slot;
    const kind = this.slotKind[si]!;
    if (kind === KIND_SUSPECT) return;
    const cell = this.observed[o]!;
    if (this.slotKnownCount[si]! < twin.cellAlive[cell]!) return;
    const status = twin.status;
    const cellBase = cell * m;
    for (let i = 0; i < m; i++) {
      if (status[cellBase + i] === 0 && this.known[si * m + i] !== kind) return;
    }
    this.finishSlot(o, slot);
  }

  private finishSlot(o: number, slot: number): void {
    const m = this.members;
    const si = o * SLOTS + slot;
    const twin = this.twin;
    const subject = this.slotSubject[si]!;
    const g = this.observed[o]! * m + subject;
    if (this.slotKind[si] === KIND_CONFIRM) {
      const li = o * m + subject;
      if (this.detectState[li] === 2) {
        this.detectState[li] = 3;
        twin.recordDissemination(true, twin.sim.now - twin.failedAt[g]!);
      }
      if (twin.status[g] === 0) {
        // Alive (a false positive, or already replaced): it stays listed under a new incarnation.
        this.inMembership[li] = 1;
        this.incarnation[li]! += 1;
      } else this.inMembership[li] = 0;
    }
    this.releaseSlot(o, slot);
  }

  snapshot(): object {
    return {
      stats: { ...this.stats },
      pending: this.pending.map((q) => [...q]),
      incarnation: encodeTyped(this.incarnation),
      probeTarget: encodeTyped(this.probeTarget),
      probeAcked: encodeTyped(this.probeAcked),
      inMembership: encodeTyped(this.inMembership),
      detectState: encodeTyped(this.detectState),
      subjectSlot: encodeTyped(this.subjectSlot),
      slotSubject: encodeTyped(this.slotSubject),
      slotKind: encodeTyped(this.slotKind),
      slotGen: encodeTyped(this.slotGen),
      slotOriginator: encodeTyped(this.slotOriginator),
      slotCreatedAt: encodeTyped(this.slotCreatedAt),
      slotResetAt: encodeTyped(this.slotResetAt),
      slotKnownCount: encodeTyped(this.slotKnownCount),
      known: encodeTyped(this.known),
      sent: encodeTyped(this.sent),
    };
  }

  restore(snap: object): void {
    const s = snap as { [key: string]: string } & { stats: SwimObservedStats; pending: number[][] };
    const get = (k: string): string => {
      const v = s[k];
      if (typeof v !== "string") throw new Error(`SWIM checkpoint lacks ${k}`);
      return v;
    };
    this.stats = { ...s.stats };
    this.pending = s.pending.map((q) => [...q]);
    this.incarnation = decodeInt32(get("incarnation"));
    this.probeTarget = decodeInt32(get("probeTarget"));
    this.probeAcked = decodeUint8(get("probeAcked"));
    this.inMembership = decodeUint8(get("inMembership"));
    this.detectState = decodeUint8(get("detectState"));
    this.subjectSlot = decodeInt16(get("subjectSlot"));
    this.slotSubject = decodeInt32(get("slotSubject"));
    this.slotKind = decodeUint8(get("slotKind"));
    this.slotGen = decodeInt32(get("slotGen"));
    this.slotOriginator = decodeInt32(get("slotOriginator"));
    this.slotCreatedAt = decodeFloat64(get("slotCreatedAt"));
    this.slotResetAt = decodeFloat64(get("slotResetAt"));
    this.slotKnownCount = decodeInt32(get("slotKnownCount"));
    this.known = decodeUint8(get("known"));
    this.sent = decodeUint8(get("sent"));
  }
}
