import { Group } from "@semaphore-protocol/group";
import { describe, expect, it } from "vitest";
import { GroupEventsError, type MemberEvent, membersFromEvents } from "@/data/personhood";
import { buildGroup, type SemaphoreLibs } from "./proofProtocol";

const at = (blockNumber: number, logIndex = 0) => ({ blockNumber: BigInt(blockNumber), logIndex });

// The registry's event history, as fixtures: adds, a batch add, an update and a removal.
const history: MemberEvent[] = [
  { kind: "added", index: 0n, commitment: 11n, order: at(10) },
  { kind: "batchAdded", startIndex: 1n, commitments: [12n, 13n, 14n], order: at(11, 2) },
  { kind: "added", index: 4n, commitment: 15n, order: at(12) },
  { kind: "updated", index: 2n, oldCommitment: 13n, newCommitment: 23n, order: at(13) },
  { kind: "removed", index: 1n, commitment: 12n, order: at(13, 5) },
];

describe("the group from the registry's events", () => {
  it("puts members in tree order: removed -> 0 leaf, updated -> replaced", () => {
    expect(membersFromEvents(history)).toEqual([11n, 0n, 23n, 14n, 15n]);
  });

  it("orders events by block and log index whatever order they are read in", () => {
    expect(membersFromEvents([...history].reverse())).toEqual([11n, 0n, 23n, 14n, 15n]);
  });

  it("gives an empty group for no events", () => {
    expect(membersFromEvents([])).toEqual([]);
  });

  it("refuses a history with a gap (a missed event)", () => {
    const gap = history.filter((e) => e.kind !== "batchAdded");
    expect(() => membersFromEvents(gap)).toThrow(GroupEventsError);
  });

  it("refuses a change of a leaf that does not hold that commitment", () => {
    const wrong: MemberEvent[] = [
      { kind: "added", index: 0n, commitment: 11n, order: at(1) },
      { kind: "removed", index: 0n, commitment: 99n, order: at(2) },
    ];
    expect(() => membersFromEvents(wrong)).toThrow(/Leaf 0 was removed/);
  });

  it("rebuilds the same root as the registry's tree, zero leaves included", () => {
    const libs = { createGroup: (m: bigint[]) => new Group(m) } as unknown as SemaphoreLibs;
    const members = membersFromEvents(history);
    // The registry's tree: the same operations applied in order.
    const registry = new Group([11n, 12n, 13n, 14n, 15n]);
    registry.updateMember(2, 23n);
    registry.removeMember(1);
    const rebuilt = buildGroup(libs, members);
    expect(rebuilt.root).toBe(registry.root);
    expect(rebuilt.depth).toBe(registry.depth);
    expect(rebuilt.indexOf(23n)).toBe(2);
  });
});
