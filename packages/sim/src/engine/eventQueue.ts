import { decodeFloat64, decodeInt32, encodeTyped } from "./codec.ts";

/**
 * Priority queue of simulation events on flat typed arrays, ordered by time and
 * then by sequence number (assigned at push), which is a total order: the pop
 * sequence does not depend on the internal layout, so a restored queue replays
 * exactly.
 *
 * Layout: every event lives in a fixed-size record of one ArrayBuffer (48 bytes:
 * time and seq as float64, then type, target, arg, aux and an intrusive `next`
 * link as int32), taken from a free list; no object is allocated per event. The
 * fields of an event share one or two cache lines, which matters more than
 * anything else once a million events are pending.
 * Ordering is two-tier, in the spirit of a calendar / ladder queue:
 *  - a small 4-ary heap (time + slot columns) holds the events of the current
 *    time bucket, so sifts stay in cache;
 *  - later events are appended in O(1) to intrusive singly linked lists, one per
 *    bucket of equal width, or to an overflow list beyond the last bucket;
 *  - when the heap runs dry the next non-empty bucket is moved into it, and when
 *    the buckets run out the overflow list is spread over a fresh set of buckets
 *    sized to it.
 * Which tier an event goes to is decided by its bucket index, a monotone function
 * of time, so every event in the heap precedes every event still in a bucket.
 */
export interface QueueSnapshot {
  readonly nextSeq: number;
  /** Pending events sorted by (time, seq), as base64 typed-array columns. */
  readonly time: string;
  readonly seq: string;
  readonly type: string;
  readonly target: string;
  readonly arg: string;
  readonly aux: string;
}

/** Average number of events per bucket when a new set of buckets is laid out. */
const EVENTS_PER_BUCKET = 32;
const MAX_BUCKETS = 1 << 22;
const RECORD_BYTES = 48;

export class EventQueue {
  // Event records: float64 words [6r] time, [6r+1] seq; int32 words [12r+4..12r+8] type, target, arg, aux, next.
  private recF: Float64Array;
  private recI: Int32Array;
  private freeSlots: Int32Array;
  private freeTop: number;
  private capacity: number;
  // Near heap.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;
  // Buckets.
  private bucketHead: Int32Array = new Int32Array(0);
  private bucketCount = 0;
  private currentBucket = -1;
  private base = 0;
  private invWidth = 1;
  private overflowHead = -1;
  private overflowCount = 0;
  private overflowMin = Number.POSITIVE_INFINITY;
  private overflowMax = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;
  /** Number of pending events. */
  size = 0;

  /** Fields of the event returned by the last successful `pop()`. */
  time = 0;
  type = 0;
  target = 0;
  arg = 0;
  aux = 0;
  seq = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.capacity = cap;
    const buf = new ArrayBuffer(cap * RECORD_BYTES);
    this.recF = new Float64Array(buf);
    this.recI = new Int32Array(buf);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeTop = cap;
    this.heapTime = new Float64Array(1024);
    this.heapSlot = new Int32Array(1024);
  }

  /** The sequence number the next push will get. */
  get sequence(): number {
    return this.nextSeq;
  }

  private growSlots(): void {
    const old = this.capacity;
    const cap = old * 2;
    const buf = new ArrayBuffer(cap * RECORD_BYTES);
    const f = new Float64Array(buf);
    f.set(this.recF);
    this.recF = f;
    this.recI = new Int32Array(buf);
    // Every old slot is in use when we grow; the new ones are free.
    const free = new Int32Array(cap);
    let top = 0;
    for (let s = cap - 1; s >= old; s--) free[top++] = s;
    this.freeSlots = free;
    this.freeTop = top;
    this.capacity = cap;
  }

  private growHeap(): void {
    const cap = this.heapTime.length * 2;
    const t = new Float64Array(cap);
    t.set(this.heapTime);
    const s = new Int32Array(cap);
    s.set(this.heapSlot);
    this.heapTime = t;
    this.heapSlot = s;
  }

  push(time: number, type: number, target: number, arg: number, aux: number): void {
    this.pushWithSeq(time, type, target, arg, aux, this.nextSeq++);
  }

  private pushWithSeq(time: number, type: number, target: number, arg: number, aux: number, seq: number): void {
    if (this.freeTop === 0) this.growSlots();
    const slot = this.freeSlots[--this.freeTop]!;
    const rf = this.recF;
    const ri = this.recI;
    rf[slot * 6] = time;
    rf[slot * 6 + 1] = seq;
    const o = slot * 12 + 4;
    ri[o] = type;
    ri[o + 1] = target;
    ri[o + 2] = arg;
    ri[o + 3] = aux;
    this.size++;
    const idx = Math.floor((time - this.base) * this.invWidth);
    if (idx <= this.currentBucket) {
      this.heapPush(time, slot);
    } else if (idx < this.bucketCount) {
      ri[o + 4] = this.bucketHead[idx]!;
      this.bucketHead[idx] = slot;
    } else {
      ri[o + 4] = this.overflowHead;
      this.overflowHead = slot;
      this.overflowCount++;
      if (time < this.overflowMin) this.overflowMin = time;
      if (time > this.overflowMax) this.overflowMax = time;
    }
  }

  private heapPush(time: number, slot: number): void {
    if (this.heapSize === this.heapTime.length) this.growHeap();
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const rf = this.recF;
    const seq = rf[slot * 6 + 1]!;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ht[p]!;
      if (pt < time || (pt === time && rf[hs[p]! * 6 + 1]! < seq)) break;
      ht[i] = pt;
      hs[i] = hs[p]!;
      i = p;
    }
    ht[i] = time;
    hs[i] = slot;
  }

  /** Refills the heap from the next bucket (or a new bucket layout); false when empty. */
  private refill(): boolean {
    for (;;) {
      let b = this.currentBucket + 1;
      const heads = this.bucketHead;
      const count = this.bucketCount;
      while (b < count && heads[b] === -1) b++;
      if (b < count) {
        this.currentBucket = b;
        let s = heads[b]!;
        heads[b] = -1;
        const ri = this.recI;
        const rf = this.recF;
        while (s !== -1) {
          const n = ri[s * 12 + 8]!;
          this.heapPush(rf[s * 6]!, s);
          s = n;
        }
        return true;
      }
      if (this.overflowCount === 0) {
        this.currentBucket = count;
        return false;
      }
      this.layoutBuckets();
    }
  }

  private layoutBuckets(): void {
    const m = this.overflowCount;
    const min = this.overflowMin;
    const span = this.overflowMax - min;
    let count = Math.ceil(m / EVENTS_PER_BUCKET);
    if (count > MAX_BUCKETS) count = MAX_BUCKETS;
    if (!(span > 0)) count = 1;
    if (this.bucketHead.length < count) this.bucketHead = new Int32Array(Math.max(count, this.bucketHead.length * 2));
    const heads = this.bucketHead;
    heads.fill(-1, 0, count);
    this.base = min;
    this.invWidth = span > 0 ? count / span : 1;
    this.bucketCount = count;
    this.currentBucket = -1;
    let s = this.overflowHead;
    this.overflowHead = -1;
    this.overflowCount = 0;
    this.overflowMin = Number.POSITIVE_INFINITY;
    this.overflowMax = Number.NEGATIVE_INFINITY;
    const ri = this.recI;
    const rf = this.recF;
    const inv = this.invWidth;
    while (s !== -1) {
      const n = ri[s * 12 + 8]!;
      const t = rf[s * 6]!;
      const idx = Math.floor((t - min) * inv);
      if (idx < count) {
        ri[s * 12 + 8] = heads[idx]!;
        heads[idx] = s;
      } else {
        // Only the maximum can land here through rounding; it waits for the next layout.
        ri[s * 12 + 8] = this.overflowHead;
        this.overflowHead = s;
        this.overflowCount++;
        if (t < this.overflowMin) this.overflowMin = t;
        if (t > this.overflowMax) this.overflowMax = t;
      }
      s = n;
    }
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    if (this.heapSize === 0 && !this.refill()) return Number.POSITIVE_INFINITY;
    return this.heapTime[0]!;
  }

  /** Removes the earliest event into the public fields; false when empty. */
  pop(): boolean {
    if (this.heapSize === 0 && !this.refill()) return false;
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const rf = this.recF;
    const ri = this.recI;
    const top = hs[0]!;
    this.time = ht[0]!;
    const o = top * 12 + 4;
    this.type = ri[o]!;
    this.target = ri[o + 1]!;
    this.arg = ri[o + 2]!;
    this.aux = ri[o + 3]!;
    this.seq = rf[top * 6 + 1]!;
    this.freeSlots[this.freeTop++] = top;
    this.size--;
    const last = this.heapSize - 1;
    this.heapSize = last;
    if (last === 0) return true;
    const t = ht[last]!;
    const s = hs[last]!;
    const tseq = rf[s * 6 + 1]!;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= last) break;
      let m = c;
      let mt = ht[c]!;
      const end = Math.min(c + 4, last);
      for (let j = c + 1; j < end; j++) {
        const tj = ht[j]!;
        if (tj < mt || (tj === mt && rf[hs[j]! * 6 + 1]! < rf[hs[m]! * 6 + 1]!)) {
          m = j;
          mt = tj;
        }
      }
      if (mt < t || (mt === t && rf[hs[m]! * 6 + 1]! < tseq)) {
        ht[i] = mt;
        hs[i] = hs[m]!;
        i = m;
      } else break;
    }
    ht[i] = t;
    hs[i] = s;
    return true;
  }

  /** Slots of every pending event, in no particular order. */
  private pendingSlots(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.heapSize; i++) out.push(this.heapSlot[i]!);
    for (let b = this.currentBucket + 1; b < this.bucketCount; b++) {
      for (let s = this.bucketHead[b]!; s !== -1; s = this.recI[s * 12 + 8]!) out.push(s);
    }
    for (let s = this.overflowHead; s !== -1; s = this.recI[s * 12 + 8]!) out.push(s);
    return out;
  }

  /** Canonical snapshot: pending events sorted by (time, seq). */
  snapshot(): QueueSnapshot {
    const slots = this.pendingSlots();
    const rf = this.recF;
    const ri = this.recI;
    slots.sort((a, b) => rf[a * 6]! - rf[b * 6]! || rf[a * 6 + 1]! - rf[b * 6 + 1]!);
    const n = slots.length;
    const time = new Float64Array(n);
    const seq = new Float64Array(n);
    const type = new Int32Array(n);
    const target = new Int32Array(n);
    const arg = new Int32Array(n);
    const aux = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      time[i] = rf[s * 6]!;
      seq[i] = rf[s * 6 + 1]!;
      type[i] = ri[s * 12 + 4]!;
      target[i] = ri[s * 12 + 5]!;
      arg[i] = ri[s * 12 + 6]!;
      aux[i] = ri[s * 12 + 7]!;
    }
    return {
      nextSeq: this.nextSeq,
      time: encodeTyped(time),
      seq: encodeTyped(seq),
      type: encodeTyped(type),
      target: encodeTyped(target),
      arg: encodeTyped(arg),
      aux: encodeTyped(aux),
    };
  }

  static fromSnapshot(snap: QueueSnapshot): EventQueue {
    const time = decodeFloat64(snap.time);
    const seq = decodeFloat64(snap.seq);
    const type = decodeInt32(snap.type);
    const target = decodeInt32(snap.target);
    const arg = decodeInt32(snap.arg);
    const aux = decodeInt32(snap.aux);
    const n = time.length;
    const q = new EventQueue(Math.max(1024, n + (n >> 1)));
    for (let i = 0; i < n; i++) q.pushWithSeq(time[i]!, type[i]!, target[i]!, arg[i]!, aux[i]!, seq[i]!);
    q.nextSeq = snap.nextSeq;
    return q;
  }
}
