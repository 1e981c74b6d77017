import { decodeFloat64, decodeInt32, encodeTyped } from "./codec.ts";

/**
 * Priority queue of simulation events on flat typed arrays, ordered by time and
 * then by sequence number (assigned at push), which is a total order: the pop
 * sequence does not depend on the internal layout, so a restored queue replays
 * exactly.
 *
 * An event is a 32-byte record (half a cache line): time and seq as float64, then
 * type, target, arg and aux as int32. No object is allocated per event.
 * Ordering has three tiers, in the spirit of a calendar / ladder queue:
 *  - a small 4-ary heap (time + slot columns) holds the events of the current
 *    fine bucket; their records live in a small "near" pool with a LIFO free
 *    list, so the heap, its records and the record of the event being handled
 *    all stay in cache;
 *  - the current coarse bucket is split into FINE fine buckets, linked lists of
 *    near records (still in cache), each moved into the heap when it runs dry;
 *  - later events are appended in O(1) to one of many coarse buckets of equal
 *    width, or to an overflow bucket beyond the last one. A coarse bucket is an
 *    unrolled list of 1 KiB chunks that hold the records themselves, so
 *    scheduling an event is a few stores into a small set of hot chunks, and
 *    splitting a bucket streams its records sequentially, rather than chasing one
 *    pointer or one random record per event through memory far larger than the
 *    caches and the TLB;
 *  - when the coarse buckets run out the overflow is spread over a fresh set
 *    whose width is fitted to the event density at the front of the queue
 *    (sampled), so a fine bucket holds about EVENTS_PER_BUCKET events.
 * Which tier an event goes to is decided by its coarse and fine bucket indexes,
 * monotone functions of time, so every event in the heap precedes every event on
 * a fine list, which precedes every event still in a coarse bucket.
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

/** Target number of events per fine bucket (moved into the heap at once). */
const EVENTS_PER_BUCKET = 32;
/** Fine buckets per coarse bucket (a power of two, so the fine index is exact). */
const FINE = 32;
const EVENTS_PER_COARSE = EVENTS_PER_BUCKET * FINE;
/** A layout never has more than this many buckets per EVENTS_PER_BUCKET pending events. */
const BUCKET_OVERSHOOT = 16;
const MAX_BUCKETS = 1 << 22;
/** Record words: float64 [4r] time, [4r+1] seq; int32 [8r+4..8r+7] type, target, arg, aux. */
const RECORD_BYTES = 32;
/** Records per far chunk (a power of two). */
const CHUNK_SHIFT = 5;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
const SAMPLE = 1024;

export class EventQueue {
  /** Near records (events in the heap); read directly by the simulator after `popSlot`. */
  recF: Float64Array;
  recI: Int32Array;
  private freeSlots: Int32Array;
  private freeTop: number;
  private capacity: number;
  // Near heap.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;
  /** Near slot links of the fine buckets of the current coarse bucket. */
  private nearNext: Int32Array;
  private fineHead = new Int32Array(FINE).fill(-1);
  /** Fine buckets up to this one are in the heap (FINE: no coarse bucket is being split). */
  private currentFine = FINE;
  // Far records, in chunks of 1 << CHUNK_SHIFT; chunkNext links a bucket's chunks (-1 = none).
  private farF: Float64Array;
  private farI: Int32Array;
  private chunkNext: Int32Array;
  private freeChunk = -1;
  private chunkCount = 0;
  /**
   * Per bucket: 1 + the index of its last written far record, or 0 when empty. The
   * record is in the bucket's head chunk; the other chunks of the bucket are full.
   */
  private bucketPos: Int32Array = new Int32Array(0);
  private bucketCount = 0;
  private currentBucket = -1;
  private base = 0;
  private invWidth = 1;
  private overflowPos = 0;
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

  /** `initialCapacity`: the expected number of pending events (storage grows as needed). */
  constructor(initialCapacity = 1024) {
    const hint = Math.max(16, initialCapacity | 0);
    const cap = 1024;
    this.capacity = cap;
    const buf = new ArrayBuffer(cap * RECORD_BYTES);
    this.recF = new Float64Array(buf);
    this.recI = new Int32Array(buf);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeTop = cap;
    this.heapTime = new Float64Array(cap);
    this.heapSlot = new Int32Array(cap);
    this.nearNext = new Int32Array(cap);
    const chunks = (hint >> CHUNK_SHIFT) + 64;
    const far = new ArrayBuffer((chunks << CHUNK_SHIFT) * RECORD_BYTES);
    this.farF = new Float64Array(far);
    this.farI = new Int32Array(far);
    this.chunkNext = new Int32Array(chunks);
  }

  /** The sequence number the next push will get. */
  get sequence(): number {
    return this.nextSeq;
  }

  /** Doubles the near pool and the heap columns. */
  private growSlots(): void {
    const old = this.capacity;
    const cap = old * 2;
    const buf = new ArrayBuffer(cap * RECORD_BYTES);
    const f = new Float64Array(buf);
    f.set(this.recF);
    this.recF = f;
    this.recI = new Int32Array(buf);
    const free = new Int32Array(cap);
    free.set(this.freeSlots.subarray(0, this.freeTop));
    let top = this.freeTop;
    for (let s = cap - 1; s >= old; s--) free[top++] = s;
    this.freeSlots = free;
    this.freeTop = top;
    this.capacity = cap;
    const t = new Float64Array(cap);
    t.set(this.heapTime);
    const s = new Int32Array(cap);
    s.set(this.heapSlot);
    this.heapTime = t;
    this.heapSlot = s;
    const links = new Int32Array(cap);
    links.set(this.nearNext);
    this.nearNext = links;
  }

  /** A free far chunk whose next link is `next`. */
  private newChunk(next: number): number {
    let c = this.freeChunk;
    if (c >= 0) {
      this.freeChunk = this.chunkNext[c]!;
    } else {
      c = this.chunkCount++;
      if (c === this.chunkNext.length) {
        const n = c * 2;
        const far = new ArrayBuffer((n << CHUNK_SHIFT) * RECORD_BYTES);
        const f = new Float64Array(far);
        f.set(this.farF);
        this.farF = f;
        this.farI = new Int32Array(far);
        const links = new Int32Array(n);
        links.set(this.chunkNext);
        this.chunkNext = links;
      }
    }
    this.chunkNext[c] = next;
    return c;
  }

  push(time: number, type: number, target: number, arg: number, aux: number): void {
    const seq = this.nextSeq++;
    this.size++;
    const x = (time - this.base) * this.invWidth;
    const idx = Math.floor(x);
    if (idx <= this.currentBucket) {
      const slot = this.nearRecord(time, seq, type, target, arg, aux);
      const f = idx === this.currentBucket ? Math.floor((x - idx) * FINE) : -1;
      if (f <= this.currentFine) {
        this.heapPush(time, slot);
      } else {
        this.nearNext[slot] = this.fineHead[f]!;
        this.fineHead[f] = slot;
      }
      return;
    }
    let p: number;
    if (idx < this.bucketCount) {
      const pos = this.bucketPos;
      p = pos[idx]!;
      // Empty bucket (0) or full head chunk: start a new head chunk.
      if ((p & CHUNK_MASK) === 0) p = this.newChunk((p >> CHUNK_SHIFT) - 1) << CHUNK_SHIFT;
      pos[idx] = p + 1;
    } else {
      p = this.overflowPos;
      if ((p & CHUNK_MASK) === 0) p = this.newChunk((p >> CHUNK_SHIFT) - 1) << CHUNK_SHIFT;
      this.overflowPos = p + 1;
      this.overflowCount++;
      if (time < this.overflowMin) this.overflowMin = time;
      if (time > this.overflowMax) this.overflowMax = time;
    }
    const ff = this.farF;
    const fi = this.farI;
    ff[p * 4] = time;
    ff[p * 4 + 1] = seq;
    const o = p * 8 + 4;
    fi[o] = type;
    fi[o + 1] = target;
    fi[o + 2] = arg;
    fi[o + 3] = aux;
  }

  private nearRecord(time: number, seq: number, type: number, target: number, arg: number, aux: number): number {
    if (this.freeTop === 0) this.growSlots();
    const slot = this.freeSlots[--this.freeTop]!;
    const rf = this.recF;
    const ri = this.recI;
    rf[slot * 4] = time;
    rf[slot * 4 + 1] = seq;
    const o = slot * 8 + 4;
    ri[o] = type;
    ri[o + 1] = target;
    ri[o + 2] = arg;
    ri[o + 3] = aux;
    return slot;
  }

  private heapPush(time: number, slot: number): void {
    const i = this.heapSize++;
    this.heapTime[i] = time;
    this.heapSlot[i] = slot;
    this.siftUp(i);
  }

  private siftUp(at: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const rf = this.recF;
    const time = ht[at]!;
    const slot = hs[at]!;
    let i = at;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ht[p]!;
      if (pt < time || (pt === time && rf[hs[p]! * 4 + 1]! < rf[slot * 4 + 1]!)) break;
      ht[i] = pt;
      hs[i] = hs[p]!;
      i = p;
    }
    ht[i] = time;
    hs[i] = slot;
  }

  /** Refills the heap from the next fine bucket (splitting the next coarse bucket, or laying out new ones); false when empty. */
  private refill(): boolean {
    const heads = this.fineHead;
    for (;;) {
      let f = this.currentFine + 1;
      while (f < FINE && heads[f] === -1) f++;
      if (f < FINE) {
        this.currentFine = f;
        let s = heads[f]!;
        heads[f] = -1;
        const next = this.nearNext;
        const rf = this.recF;
        while (s !== -1) {
          this.heapPush(rf[s * 4]!, s);
          s = next[s]!;
        }
        return true;
      }
      this.currentFine = FINE;
      let b = this.currentBucket + 1;
      const pos = this.bucketPos;
      const count = this.bucketCount;
      while (b < count && pos[b] === 0) b++;
      if (b < count) {
        this.currentBucket = b;
        this.currentFine = -1;
        this.splitBucket(b);
        continue;
      }
      if (this.overflowCount === 0) {
        this.currentBucket = count;
        return false;
      }
      this.layoutBuckets();
    }
  }

  /** Moves the records of coarse bucket b (the current one) into near slots on the fine lists. */
  private splitBucket(b: number): void {
    const pos = this.bucketPos;
    let p = pos[b]!;
    pos[b] = 0;
    const base = this.base;
    const inv = this.invWidth;
    const heads = this.fineHead;
    for (;;) {
      const c = (p - 1) >> CHUNK_SHIFT;
      const first = c << CHUNK_SHIFT;
      while (this.freeTop < p - first) this.growSlots();
      const ff = this.farF;
      const fi = this.farI;
      const rf = this.recF;
      const ri = this.recI;
      const next = this.nearNext;
      const free = this.freeSlots;
      let top = this.freeTop;
      for (let e = first; e < p; e++) {
        const s = free[--top]!;
        const t = ff[e * 4]!;
        rf[s * 4] = t;
        rf[s * 4 + 1] = ff[e * 4 + 1]!;
        const o = s * 8 + 4;
        const fo = e * 8 + 4;
        ri[o] = fi[fo]!;
        ri[o + 1] = fi[fo + 1]!;
        ri[o + 2] = fi[fo + 2]!;
        ri[o + 3] = fi[fo + 3]!;
        // Same arithmetic as push, so the event lands where push would have put it.
        const x = (t - base) * inv;
        const f = Math.floor((x - Math.floor(x)) * FINE);
        next[s] = heads[f]!;
        heads[f] = s;
      }
      this.freeTop = top;
      const nc = this.chunkNext[c]!;
      this.chunkNext[c] = this.freeChunk;
      this.freeChunk = c;
      if (nc < 0) break;
      p = (nc + 1) << CHUNK_SHIFT;
    }
  }

  private layoutBuckets(): void {
    const m = this.overflowCount;
    const min = this.overflowMin;
    const span = this.overflowMax - min;
    const even = Math.ceil(m / EVENTS_PER_COARSE);
    let count = 1;
    let inv = 1;
    if (span > 0) {
      // Width for evenly spread times, narrowed to the density near the minimum when
      // the front is denser (e.g. exponential delays), estimated from a sample.
      let width = span / even;
      if (m >= 4 * EVENTS_PER_COARSE) {
        const stride = Math.ceil(m / SAMPLE);
        const sample = new Float64Array(Math.ceil(m / stride));
        let k = 0;
        let i = 0;
        const ff = this.farF;
        for (let p = this.overflowPos; p !== 0; ) {
          const c = (p - 1) >> CHUNK_SHIFT;
          for (let e = c << CHUNK_SHIFT; e < p; e++) if (i++ % stride === 0) sample[k++] = ff[e * 4]!;
          const next = this.chunkNext[c]!;
          p = next < 0 ? 0 : (next + 1) << CHUNK_SHIFT;
        }
        const sorted = sample.subarray(0, k).sort();
        const q = Math.max(8, k >> 5);
        const front = q < k ? sorted[q]! - sorted[0]! : 0;
        if (front > 0) {
          const w = (EVENTS_PER_COARSE * front) / (q * stride);
          if (w < width) width = w;
        }
      }
      inv = 1 / width;
      count = Math.min(MAX_BUCKETS, BUCKET_OVERSHOOT * even, Math.floor(span * inv) + 1);
      if (!(count >= 1)) count = 1;
    }
    if (this.bucketPos.length < count) this.bucketPos = new Int32Array(Math.max(count, this.bucketPos.length * 2));
    this.bucketPos.fill(0, 0, count);
    this.base = min;
    this.invWidth = inv;
    this.bucketCount = count;
    this.currentBucket = -1;
    this.currentFine = FINE;
    let p = this.overflowPos;
    this.overflowPos = 0;
    this.overflowCount = 0;
    this.overflowMin = Number.POSITIVE_INFINITY;
    this.overflowMax = Number.NEGATIVE_INFINITY;
    while (p !== 0) {
      const c = (p - 1) >> CHUNK_SHIFT;
      const next = this.chunkNext[c]!;
      for (let e = c << CHUNK_SHIFT; e < p; e++) {
        const ff = this.farF;
        const fi = this.farI;
        const o = e * 8 + 4;
        // Events beyond the last bucket go back to the overflow for the next layout.
        this.push2(ff[e * 4]!, ff[e * 4 + 1]!, fi[o]!, fi[o + 1]!, fi[o + 2]!, fi[o + 3]!);
      }
      // Only after its records are read may the chunk be reused.
      this.chunkNext[c] = this.freeChunk;
      this.freeChunk = c;
      p = next < 0 ? 0 : (next + 1) << CHUNK_SHIFT;
    }
  }

  /** Files an event with a given seq into the heap, a bucket or the overflow (size unchanged). */
  private push2(time: number, seq: number, type: number, target: number, arg: number, aux: number): void {
    const saved = this.nextSeq;
    this.nextSeq = seq;
    this.push(time, type, target, arg, aux);
    this.nextSeq = saved;
    this.size--;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    if (this.heapSize === 0 && !this.refill()) return Number.POSITIVE_INFINITY;
    return this.heapTime[0]!;
  }

  /**
   * Removes the earliest event if its time is <= until and returns its near record
   * slot, whose fields stay readable in `recF` / `recI` until the next push; returns
   * -1 when the queue is empty and -2 when the earliest event is later than until.
   */
  popSlot(until: number): number {
    if (this.heapSize === 0 && !this.refill()) return -1;
    const ht = this.heapTime;
    if (ht[0]! > until) return -2;
    const hs = this.heapSlot;
    const rf = this.recF;
    const top = hs[0]!;
    this.freeSlots[this.freeTop++] = top;
    this.size--;
    const last = this.heapSize - 1;
    this.heapSize = last;
    if (last === 0) return top;
    const t = ht[last]!;
    const s = hs[last]!;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= last) break;
      let m = c;
      let mt = ht[c]!;
      const end = Math.min(c + 4, last);
      for (let j = c + 1; j < end; j++) {
        const tj = ht[j]!;
        if (tj < mt || (tj === mt && rf[hs[j]! * 4 + 1]! < rf[hs[m]! * 4 + 1]!)) {
          m = j;
          mt = tj;
        }
      }
      if (mt < t || (mt === t && rf[hs[m]! * 4 + 1]! < rf[s * 4 + 1]!)) {
        ht[i] = mt;
        hs[i] = hs[m]!;
        i = m;
      } else break;
    }
    ht[i] = t;
    hs[i] = s;
    return top;
  }

  /** Removes the earliest event into the public fields; false when empty. */
  pop(): boolean {
    const slot = this.popSlot(Number.POSITIVE_INFINITY);
    if (slot < 0) return false;
    const o = slot * 8 + 4;
    const ri = this.recI;
    this.time = this.recF[slot * 4]!;
    this.seq = this.recF[slot * 4 + 1]!;
    this.type = ri[o]!;
    this.target = ri[o + 1]!;
    this.arg = ri[o + 2]!;
    this.aux = ri[o + 3]!;
    return true;
  }

  /** Canonical snapshot: pending events sorted by (time, seq). */
  snapshot(): QueueSnapshot {
    // Gather every pending record (near, then far) into one buffer of records.
    const n = this.size;
    const buf = new ArrayBuffer(Math.max(1, n) * RECORD_BYTES);
    const gf = new Float64Array(buf);
    const gi = new Int32Array(buf);
    let k = 0;
    const copy = (f: Float64Array, i32: Int32Array, r: number) => {
      gf[k * 4] = f[r * 4]!;
      gf[k * 4 + 1] = f[r * 4 + 1]!;
      for (let w = 4; w < 8; w++) gi[k * 8 + w] = i32[r * 8 + w]!;
      k++;
    };
    for (let i = 0; i < this.heapSize; i++) copy(this.recF, this.recI, this.heapSlot[i]!);
    for (let f = 0; f < FINE; f++) {
      for (let s = this.fineHead[f]!; s !== -1; s = this.nearNext[s]!) copy(this.recF, this.recI, s);
    }
    const lists = [this.overflowPos];
    for (let b = this.currentBucket + 1; b < this.bucketCount; b++) lists.push(this.bucketPos[b]!);
    for (let p of lists) {
      while (p !== 0) {
        const c = (p - 1) >> CHUNK_SHIFT;
        for (let e = c << CHUNK_SHIFT; e < p; e++) copy(this.farF, this.farI, e);
        const next = this.chunkNext[c]!;
        p = next < 0 ? 0 : (next + 1) << CHUNK_SHIFT;
      }
    }
    if (k !== n) throw new Error(`EventQueue.snapshot: found ${k} pending events, expected ${n}`);
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => gf[a * 4]! - gf[b * 4]! || gf[a * 4 + 1]! - gf[b * 4 + 1]!);
    const time = new Float64Array(n);
    const seq = new Float64Array(n);
    const type = new Int32Array(n);
    const target = new Int32Array(n);
    const arg = new Int32Array(n);
    const aux = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = order[i]!;
      time[i] = gf[r * 4]!;
      seq[i] = gf[r * 4 + 1]!;
      type[i] = gi[r * 8 + 4]!;
      target[i] = gi[r * 8 + 5]!;
      arg[i] = gi[r * 8 + 6]!;
      aux[i] = gi[r * 8 + 7]!;
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
    for (let i = 0; i < n; i++) {
      q.nextSeq = seq[i]!;
      q.push(time[i]!, type[i]!, target[i]!, arg[i]!, aux[i]!);
    }
    q.nextSeq = snap.nextSeq;
    return q;
  }
}
