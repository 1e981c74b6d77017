import type { QueueSnapshot } from "./eventQueue.ts";
import { EventQueue } from "./eventQueue.ts";
import type { RngState } from "./rng.ts";
import { Rng } from "./rng.ts";

/** Reserved event type for the cycle-driven (round) mode. Model event types must be >= 0. */
export const ROUND_EVENT = -1;

/**
 * A model plugged into the simulator. `handleEvent` receives the popped event's
 * payload columns; `handleRound` is called once per round of every round started
 * with `addRound`. Both may schedule further events.
 */
export interface SimModel {
  handleEvent(sim: Simulator, type: number, target: number, arg: number, aux: number): void;
  handleRound?(sim: Simulator, roundId: number, roundIndex: number): void;
}

export interface Progress {
  readonly now: number;
  readonly until: number;
  readonly processed: number;
  /** Fraction of the slice's simulated time done, in [0, 1]. */
  readonly fraction: number;
}

export interface RunForOptions {
  /** Process every event with time <= until, then set the clock to until. */
  readonly until?: number;
  /** Stop after this many events (the clock stays at the last event's time). */
  readonly maxEvents?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Progress callback period in events (default 1,000,000). */
  readonly progressEveryEvents?: number;
}

export interface RunForResult {
  readonly stoppedBy: "until" | "maxEvents" | "empty";
  readonly processed: number;
  readonly now: number;
}

export interface EngineCheckpoint {
  readonly format: "aos-sim-engine/1";
  readonly now: number;
  readonly processed: number;
  readonly rng: RngState;
  readonly queue: QueueSnapshot;
  readonly rounds: { readonly period: number[]; readonly index: number[]; readonly active: boolean[] };
}

/**
 * Deterministic discrete-event simulator with an optional cycle-driven mode.
 *
 * Rounds are ordinary events of type ROUND_EVENT in the same queue, so a model can
 * mix message-level events (inside observed cells) with rounds (everywhere else)
 * and one total order (time, then sequence number) governs both.
 */
export class Simulator {
  queue: EventQueue;
  now = 0;
  processed = 0;
  readonly rng: Rng;
  private model: SimModel | undefined;
  private roundPeriod: number[] = [];
  private roundIndex: number[] = [];
  private roundActive: boolean[] = [];

  constructor(seed: number | string, initialCapacity = 1024) {
    this.rng = new Rng(seed);
    this.queue = new EventQueue(initialCapacity);
  }

  setModel(model: SimModel): void {
    this.model = model;
  }

  /** Schedules an event `delay` seconds from now. */
  schedule(delay: number, type: number, target = 0, arg = 0, aux = 0): void {
    this.queue.push(this.now + delay, type, target, arg, aux);
  }

  /** Schedules an event at an absolute time (not before now). */
  at(time: number, type: number, target = 0, arg = 0, aux = 0): void {
    this.queue.push(Math.max(time, this.now), type, target, arg, aux);
  }

  /** Starts a round that fires at `firstAt` and then every `period`. Returns its id. */
  addRound(period: number, firstAt = this.now): number {
    if (!(period > 0)) throw new RangeError(`round period must be positive, got ${period}`);
    const id = this.roundPeriod.length;
    this.roundPeriod.push(period);
    this.roundIndex.push(0);
    this.roundActive.push(true);
    this.queue.push(firstAt, ROUND_EVENT, id, 0, 0);
    return id;
  }

  stopRound(id: number): void {
    this.roundActive[id] = false;
  }

  runFor(opts: RunForOptions): RunForResult {
    const model = this.model;
    if (!model) throw new Error("Simulator.runFor: no model set (call setModel first)");
    const until = opts.until ?? Number.POSITIVE_INFINITY;
    const maxEvents = opts.maxEvents ?? Number.POSITIVE_INFINITY;
    const every = opts.progressEveryEvents ?? 1_000_000;
    const onProgress = opts.onProgress;
    const q = this.queue;
    const start = this.now;
    let done = 0;
    let nextReport = every;
    let stoppedBy: RunForResult["stoppedBy"] = "empty";
    for (;;) {
      if (done >= maxEvents) {
        stoppedBy = "maxEvents";
        break;
      }
      const slot = q.popSlot(until);
      if (slot < 0) {
        if (slot === -1) {
          stoppedBy = "empty";
          if (until !== Number.POSITIVE_INFINITY) this.now = until;
        } else {
          stoppedBy = "until";
          this.now = until;
        }
        break;
      }
      // Read the record before the handler schedules anything (a push may reuse the slot).
      const ri = q.recI;
      const o = slot * 8 + 4;
      const now = q.recF[slot * 4]!;
      this.now = now;
      done++;
      const type = ri[o]!;
      if (type === ROUND_EVENT) {
        const id = ri[o + 1]!;
        const index = this.roundIndex[id]!;
        if (this.roundActive[id]) {
          this.roundIndex[id] = index + 1;
          q.push(now + this.roundPeriod[id]!, ROUND_EVENT, id, 0, 0);
          model.handleRound?.(this, id, index);
        }
      } else {
        model.handleEvent(this, type, ri[o + 1]!, ri[o + 2]!, ri[o + 3]!);
      }
      if (onProgress !== undefined && done >= nextReport) {
        nextReport += every;
        onProgress(this.progress(start, until, done));
      }
    }
    onProgress?.(this.progress(start, until, done));
    this.processed += done;
    return { stoppedBy, processed: done, now: this.now };
  }

  private progress(start: number, until: number, doneInSlice: number): Progress {
    const span = until - start;
    const fraction = Number.isFinite(span) && span > 0 ? Math.min(1, (this.now - start) / span) : 0;
    return { now: this.now, until, processed: this.processed + doneInSlice, fraction };
  }

  checkpoint(): EngineCheckpoint {
    return {
      format: "aos-sim-engine/1",
      now: this.now,
      processed: this.processed,
      rng: this.rng.snapshot(),
      queue: this.queue.snapshot(),
      rounds: { period: [...this.roundPeriod], index: [...this.roundIndex], active: [...this.roundActive] },
    };
  }

  restoreCheckpoint(cp: EngineCheckpoint): void {
    if (cp.format !== "aos-sim-engine/1") throw new Error(`unknown engine checkpoint format ${String(cp.format)}`);
    this.now = cp.now;
    this.processed = cp.processed;
    this.rng.restore(cp.rng);
    this.queue = EventQueue.fromSnapshot(cp.queue);
    this.roundPeriod = [...cp.rounds.period];
    this.roundIndex = [...cp.rounds.index];
    this.roundActive = [...cp.rounds.active];
  }
}
