import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import { buildTimeline, type TaskEvent } from "@/data/tasks";
import { ALICE, BOB } from "./fixtures";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;
const event = (kind: TaskEvent["kind"], block: number, args: Record<string, unknown>, logIndex = 0): TaskEvent => ({
  kind,
  args: { taskId: 3n, ...args },
  blockNumber: BigInt(block),
  logIndex,
  transactionHash: hash(block),
});
const times = new Map([
  [10n, 1_000],
  [20n, 2_000],
  [30n, 3_000],
  [40n, 4_000],
]);

describe("task timeline", () => {
  it("tells an accepted task's story in block order, with times, actors and amounts", () => {
    const entries = buildTimeline(
      [
        event("TaskAccepted", 40, { agent: BOB, payment: parseEther("0.02"), byTimeout: false }),
        event("TaskCreated", 10, { requester: ALICE, bounty: parseEther("0.02") }),
        event("ResultSubmitted", 30, { agent: BOB, resultHash: hash(99) }),
        event("TaskClaimed", 20, { agent: BOB, stake: parseEther("0.002") }),
      ],
      times,
      "Accepted",
    );
    expect(entries.map((e) => e.title)).toEqual([
      "Created",
      "Claimed",
      "Result submitted",
      "Accepted by the requester",
    ]);
    expect(entries.map((e) => e.time)).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(entries[0]).toMatchObject({ actor: ALICE, amount: parseEther("0.02") });
    expect(entries[3]).toMatchObject({ actor: BOB, amount: parseEther("0.02"), transactionHash: hash(40) });
  });

  it("says when the payment came by timeout, and orders events of one block by log index", () => {
    const entries = buildTimeline(
      [
        event("TaskAccepted", 30, { agent: BOB, payment: 1n, byTimeout: true }, 5),
        event("ResultSubmitted", 30, { agent: BOB, resultHash: hash(1) }, 2),
      ],
      times,
      "Accepted",
    );
    expect(entries.map((e) => e.title)).toEqual(["Result submitted", "Finalised after the review window"]);
  });

  it("shows a dispute with its case and bond, then the ruling still to come", () => {
    const entries = buildTimeline(
      [
        event("TaskCreated", 10, { requester: ALICE, bounty: 10n }),
        event("TaskDisputed", 40, { requester: ALICE, bond: 1n, caseId: 7n }),
      ],
      times,
      "Disputed",
    );
    expect(entries[1]).toMatchObject({ title: "Disputed", detail: "Jury case #7, bond posted", amount: 1n });
    expect(entries.at(-1)).toMatchObject({ kind: "pending", title: "Ruling" });
  });

  it("lists the steps still to come of an open task, without times", () => {
    const entries = buildTimeline([event("TaskCreated", 10, { requester: ALICE, bounty: 10n })], times, "Open");
    expect(entries.map((e) => [e.kind, e.title])).toEqual([
      ["TaskCreated", "Created"],
      ["pending", "Claim"],
      ["pending", "Result"],
      ["pending", "Review"],
    ]);
    expect(entries.slice(1).every((e) => e.time === undefined)).toBe(true);
  });

  it("ends an expired or cancelled task without pending steps", () => {
    for (const [kind, state, title] of [
      ["TaskExpired", "Expired", "Expired"],
      ["TaskCancelled", "Cancelled", "Cancelled by the requester"],
    ] as const) {
      const entries = buildTimeline([event(kind, 20, { refund: 10n })], times, state);
      expect(entries.map((e) => e.title)).toEqual([title]);
    }
  });
});
