import assert from "node:assert/strict";
import { test } from "node:test";
import type { SimModel } from "./simulator.ts";
import { Simulator } from "./simulator.ts";

/** A toy model mixing message events with a round: tokens hop between nodes; a round samples state. */
class TokenModel implements SimModel {
  readonly hops = new Int32Array(64);
  trace = 0;
  rounds = 0;
  handleEvent(sim: Simulator, type: number, target: number, arg: number): void {
    this.hops[target]! += 1;
    this.trace = (Math.imul(this.trace, 31) + target * 7 + arg + Math.floor(sim.now * 1000)) | 0;
    const next = sim.rng.int(64);
    sim.schedule(sim.rng.exponential(0.5), type, next, arg + 1);
  }
  handleRound(sim: Simulator, _roundId: number, index: number): void {
    this.rounds++;
    this.trace = (this.trace ^ (index * 2654435761)) | 0;
    if (index % 3 === 0) sim.schedule(0.01, 1, sim.rng.int(64), 0);
  }
  snapshot() {
    return { hops: [...this.hops], trace: this.trace, rounds: this.rounds };
  }
  restore(s: ReturnType<TokenModel["snapshot"]>) {
    this.hops.set(s.hops);
    this.trace = s.trace;
    this.rounds = s.rounds;
  }
}

function fresh(): { sim: Simulator; model: TokenModel } {
  const sim = new Simulator(42);
  const model = new TokenModel();
  sim.setModel(model);
  for (let i = 0; i < 10; i++) sim.schedule(0, 1, i, 0);
  sim.addRound(1.5, 0.25);
  return { sim, model };
}

test("runFor stops at the time bound and sets the clock to it", () => {
  const { sim } = fresh();
  const r = sim.runFor({ until: 10 });
  assert.equal(r.stoppedBy, "until");
  assert.equal(sim.now, 10);
  assert.ok(sim.queue.peekTime() > 10);
});

test("runFor stops after maxEvents and reports progress", () => {
  const { sim } = fresh();
  const seen: number[] = [];
  const r = sim.runFor({ maxEvents: 1000, onProgress: (p) => seen.push(p.processed), progressEveryEvents: 250 });
  assert.equal(r.stoppedBy, "maxEvents");
  assert.equal(r.processed, 1000);
  assert.deepEqual(seen, [250, 500, 750, 1000, 1000]);
});

test("rounds fire every period in the same queue as events", () => {
  const { sim, model } = fresh();
  sim.runFor({ until: 30 });
  // firstAt 0.25, period 1.5: rounds at 0.25, 1.75, ..., <= 30 -> 20 rounds
  assert.equal(model.rounds, 20);
});

test("run to T equals run to T/2, checkpoint, JSON round trip, resume in a fresh instance", () => {
  const a = fresh();
  a.sim.runFor({ until: 200 });

  const b = fresh();
  b.sim.runFor({ until: 100 });
  const saved = JSON.stringify({ engine: b.sim.checkpoint(), model: b.model.snapshot() });

  const c = new Simulator(999); // a different seed: the checkpoint must override it
  const cm = new TokenModel();
  c.setModel(cm);
  const parsed = JSON.parse(saved);
  c.restoreCheckpoint(parsed.engine);
  cm.restore(parsed.model);
  c.runFor({ until: 200 });

  assert.equal(c.now, a.sim.now);
  assert.equal(c.processed, a.sim.processed);
  assert.equal(cm.trace, a.model.trace);
  assert.deepEqual([...cm.hops], [...a.model.hops]);
  assert.deepEqual(c.rng.snapshot(), a.sim.rng.snapshot());
  assert.deepEqual(c.checkpoint(), a.sim.checkpoint());
});
