import { describe, expect, it } from "vitest";
import { ETH } from "@/data/agents";
import { aggregateEarnings, jobState, readHealth, readQueues } from "@/data/workers";

const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const TOKEN = "0x67d269191c92Caf3cD7723F116c85e6E9bf55933";
const NATIVE = "0x0000000000000000000000000000000000000000";
const aUSD = { address: TOKEN, symbol: "aUSD", decimals: 18 } as const;

describe("aggregateEarnings", () => {
  const tokenOfTask = new Map<bigint, `0x${string}`>([
    [1n, NATIVE],
    [2n, TOKEN],
    [3n, NATIVE],
    [4n, NATIVE],
  ]);
  const tokens = new Map<`0x${string}`, typeof ETH>([
    [NATIVE, ETH],
    [TOKEN, aUSD],
  ]);
  const times = new Map<bigint, number>([
    [10n, 1000],
    [11n, 1100],
    [12n, 1200],
  ]);
  const result = aggregateEarnings(
    [
      // Out of order on purpose: the series is built in block order.
      { taskId: 3n, agent: BOB, payment: 2n * 10n ** 17n, blockNumber: 12n },
      { taskId: 1n, agent: BOB.toLowerCase() as `0x${string}`, payment: 4n * 10n ** 17n, blockNumber: 10n },
      { taskId: 2n, agent: CAROL, payment: 250n * 10n ** 18n, blockNumber: 11n },
      { taskId: 4n, agent: CAROL, payment: 10n ** 17n, blockNumber: 12n },
    ],
    tokenOfTask,
    tokens,
    times,
  );

  it("adds payments up per agent and token, the highest native earner first", () => {
    expect(result.agents).toEqual([
      { agent: BOB, tasks: 2, totals: [{ token: ETH, amount: 6n * 10n ** 17n }] },
      {
        agent: CAROL,
        tasks: 2,
        totals: [
          { token: ETH, amount: 10n ** 17n },
          { token: aUSD, amount: 250n * 10n ** 18n },
        ],
      },
    ]);
  });

  it("builds cumulative native earnings over time, one row per block time", () => {
    expect(result.series).toEqual([
      { time: 1000, [BOB]: 0.4 },
      { time: 1200, [BOB]: 0.6, [CAROL]: 0.1 },
    ]);
    expect(result.seriesAgents).toEqual([BOB, CAROL]);
  });

  it("is empty without payments", () => {
    expect(aggregateEarnings([], tokenOfTask, tokens, times)).toEqual({ agents: [], series: [], seriesAgents: [] });
  });
});

describe("gateway answers", () => {
  it("reads /health and names failing checks", () => {
    expect(
      readHealth({ ok: false, checks: { redis: { ok: false, detail: "ECONNREFUSED" }, store: { ok: true } } }),
    ).toEqual({
      ok: false,
      checks: [
        { name: "redis", ok: false, detail: "ECONNREFUSED" },
        { name: "store", ok: true, detail: undefined },
      ],
    });
    expect(readHealth({ ok: true, checks: { redis: { ok: false } } }).ok).toBe(false);
  });

  it("reads the queue dashboard's counts and jobs, with each job's state", () => {
    const queues = readQueues({
      queues: [
        {
          name: "tasks",
          counts: {
            active: 1,
            completed: 13,
            delayed: 2,
            failed: 1,
            prioritized: 1,
            waiting: 2,
            "waiting-children": 0,
          },
          isPaused: false,
          hasWorkers: true,
          jobs: [
            { id: "outcome-6", name: "outcome", timestamp: 1, processedOn: 2, finishedOn: 3, attempts: 1 },
            {
              id: "claim-2",
              name: "claim",
              timestamp: 1,
              processedOn: 2,
              finishedOn: 4,
              attempts: 3,
              failedReason: "reverted",
            },
            { id: "consider-1", name: "consider", timestamp: 1, processedOn: 5, delay: 30000, attempts: 0 },
            { id: "work-3", name: "work", timestamp: 1, processedOn: 6, attempts: 0 },
          ],
        },
      ],
    });
    expect(queues[0]?.counts).toEqual({ waiting: 3, active: 1, delayed: 2, completed: 13, failed: 1, total: 20 });
    expect(queues[0]?.jobs.map((j) => [j.id, j.state])).toEqual([
      ["outcome-6", "completed"],
      ["claim-2", "failed"],
      ["consider-1", "delayed"],
      ["work-3", "active"],
    ]);
    expect(queues[0]?.jobs[1]?.failedReason).toBe("reverted");
  });

  it("does not call a job active in a queue with nothing active", () => {
    expect(jobState({ processedOn: 5 }, { active: 0, delayed: 0 })).toBe("waiting");
    expect(jobState({ processedOn: 5 }, { active: 0, delayed: 1 })).toBe("delayed");
  });

  it("rejects an answer without a list of queues", () => {
    expect(() => readQueues({ error: "nope" })).toThrow(/without a list of queues/);
  });
});
