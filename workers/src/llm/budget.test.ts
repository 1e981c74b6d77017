import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { BudgetLedger } from "./budget.ts";
import { BudgetExceededError } from "./errors.ts";

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
}

describe("BudgetLedger", () => {
  let redis: Redis;
  let prefix: string;
  let ledger: BudgetLedger;
  before(() => {
    redis = new Redis("redis://127.0.0.1:6379");
  });
  beforeEach(() => {
    prefix = `aos-test-${randomUUID()}`;
    ledger = new BudgetLedger(redis, prefix);
  });
  afterEach(() => deleteKeys(redis, prefix));
  after(() => redis.quit());

  it("never lets 60 concurrent calls from 6 connections spend more than the limit plus one call's maximum", async () => {
    const connections = Array.from({ length: 6 }, () => new Redis("redis://127.0.0.1:6379"));
    try {
      const ledgers = connections.map((c) => new BudgetLedger(c, prefix));
      const limitUsd = 0.01;
      const maxCostUsd = 0.0015;
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const ledger = ledgers[i % ledgers.length]!;
          try {
            const reservation = await ledger.reserve("task-1", limitUsd, maxCostUsd);
            await sleep(Math.random() * 20); // the call takes a while; other jobs reserve meanwhile
            // Actual costs vary up to the maximum; every fourth call fails and is released.
            if (i % 4 === 3) await ledger.release(reservation);
            else await ledger.settle(reservation, maxCostUsd * (0.5 + (i % 3) / 4));
            return "granted";
          } catch (e) {
            assert.ok(e instanceof BudgetExceededError, `unexpected ${String(e)}`);
            return "refused";
          }
        }),
      );
      const spent = await ledger.spent("task-1");
      assert.ok(spent <= limitUsd + maxCostUsd, `spent ${spent} > limit + one call`);
      assert.ok(outcomes.includes("refused"), "a budget this small must refuse some of 60 calls");
      assert.ok(outcomes.filter((o) => o === "granted").length >= 7, "at least limit / max calls are granted");
      assert.equal(await ledger.reserved("task-1"), 0);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });

  it("refuses with BudgetExceededError once spent plus reserved reaches the limit", async () => {
    await ledger.reserve("task", 0.002, 0.0012);
    await ledger.reserve("task", 0.002, 0.0012); // 0.0012 < 0.002: still granted
    await assert.rejects(ledger.reserve("task", 0.002, 0.0001), (e: unknown) => {
      assert.ok(e instanceof BudgetExceededError);
      assert.equal(e.name, "BudgetExceededError");
      assert.equal(e.budgetKey, "task");
      assert.equal(e.limitUsd, 0.002);
      assert.equal(e.committedUsd, 0.0024);
      assert.match(e.message, /Raise the task's LLM budget/);
      return true;
    });
    // Budgets are separate per key.
    await ledger.reserve("other-task", 0.002, 0.0012);
  });

  it("settles the actual cost once: a second settle or a release changes nothing", async () => {
    const reservation = await ledger.reserve("task", 1, 0.5);
    assert.equal(await ledger.reserved("task"), 0.5);
    assert.equal(await ledger.settle(reservation, 0.123456), true);
    assert.equal(await ledger.spent("task"), 0.123456);
    assert.equal(await ledger.reserved("task"), 0);
    assert.equal(await ledger.settle(reservation, 0.123456), false);
    assert.equal(await ledger.release(reservation), false);
    assert.equal(await ledger.spent("task"), 0.123456);
  });

  it("gives a released reservation back to the budget and counts nothing spent", async () => {
    const reservation = await ledger.reserve("task", 0.001, 0.004);
    await assert.rejects(ledger.reserve("task", 0.001, 0.004), BudgetExceededError);
    assert.equal(await ledger.release(reservation), true);
    assert.equal(await ledger.release(reservation), false);
    assert.equal(await ledger.spent("task"), 0);
    assert.equal(await ledger.reserved("task"), 0);
    await ledger.reserve("task", 0.001, 0.004);
  });

  it("returns a dead worker's reservation to the budget after its TTL, and still charges a late settle", async () => {
    const shortLived = new BudgetLedger(redis, prefix, { reservationTtlMs: 50 });
    const orphan = await shortLived.reserve("task", 0.001, 0.002);
    await assert.rejects(shortLived.reserve("task", 0.001, 0.002), BudgetExceededError);
    await sleep(80);
    const next = await shortLived.reserve("task", 0.001, 0.0005); // the sweep freed the orphan's hold
    assert.equal(await shortLived.reserved("task"), 0.0005);
    assert.equal(await shortLived.settle(orphan, 0.0007), true); // the money was spent after all
    assert.equal(await shortLived.settle(next, 0.0001), true);
    assert.equal(await shortLived.spent("task"), 0.0008);
    assert.equal(await shortLived.reserved("task"), 0);
  });

  it("stores integer micro-dollars, rounds reservations up, and lets every budget key expire", async () => {
    const reservation = await ledger.reserve("task", 1, 0.1 + 0.2);
    assert.equal(reservation.microUsd, 300_000);
    assert.equal((await ledger.reserve("task", 1, 0.0000001)).microUsd, 1);
    await ledger.settle(reservation, 0.0000011);
    assert.equal(await ledger.spent("task"), 0.000002);
    const keys = await redis.keys(`${prefix}:*`);
    assert.ok(keys.length >= 3);
    for (const key of keys) assert.ok((await redis.pttl(key)) > 0, `${key} has no TTL`);
  });

  it("always grants a free call, even on a used-up budget", async () => {
    await ledger.settle(await ledger.reserve("task", 0.001, 0.001), 0.001);
    await assert.rejects(ledger.reserve("task", 0.001, 0.000001), BudgetExceededError);
    const free = await ledger.reserve("task", 0.001, 0);
    assert.equal(await ledger.settle(free, 0), true);
    await assert.rejects(ledger.reserve("task", 1, -1), RangeError);
  });
});
