import assert from "node:assert/strict";
import { test } from "node:test";
import { EventQueue } from "./eventQueue.ts";
import { Rng } from "./rng.ts";

test("pops events in time order with ties broken by insertion sequence", () => {
  const rng = new Rng(7);
  const q = new EventQueue(16);
  const ref: { time: number; seq: number; target: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const time = rng.int(500); // many ties on purpose
    q.push(time, 3, i, i * 2, -i);
    ref.push({ time, seq: i, target: i });
  }
  ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const r of ref) {
    assert.equal(q.pop(), true);
    assert.equal(q.time, r.time);
    assert.equal(q.target, r.target);
    assert.equal(q.arg, r.target * 2);
    assert.equal(q.aux, -r.target | 0);
    assert.equal(q.seq, r.seq);
  }
  assert.equal(q.pop(), false);
});

test("interleaved push and pop match a sorted reference and survive growth", () => {
  const rng = new Rng("interleave");
  const q = new EventQueue(16);
  const ref: [number, number][] = [];
  let seq = 0;
  let now = 0;
  for (let step = 0; step < 50_000; step++) {
    if (ref.length === 0 || rng.chance(0.55)) {
      const t = now + rng.int(100);
      q.push(t, 1, seq, 0, 0);
      ref.push([t, seq++]);
    } else {
      ref.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const [t, s] = ref.shift()!;
      assert.equal(q.pop(), true);
      assert.equal(q.time, t);
      assert.equal(q.target, s);
      now = t;
    }
  }
  assert.equal(q.size, ref.length);
});

test("a snapshot restored into a fresh queue pops the same sequence", () => {
  const rng = new Rng(3);
  const a = new EventQueue();
  for (let i = 0; i < 5000; i++) a.push(rng.int(1000) / 7, i % 5, i, rng.int(9), 0);
  for (let i = 0; i < 1000; i++) a.pop();
  const b = EventQueue.fromSnapshot(JSON.parse(JSON.stringify(a.snapshot())));
  for (let i = 0; i < 100; i++) {
    a.push(i, 9, i, 0, 0);
    b.push(i, 9, i, 0, 0);
  }
  while (a.pop()) {
    assert.equal(b.pop(), true);
    assert.deepEqual([b.time, b.type, b.target, b.arg, b.seq], [a.time, a.type, a.target, a.arg, a.seq]);
  }
  assert.equal(b.size, 0);
});
