import { describe, expect, it } from "vitest";
import { taskActions } from "./actions";
import { ALICE, CAROL } from "./fixtures";

const submitted = { state: "Submitted" as const, requester: ALICE, deadline: 0, reviewEndsAt: 1_000 };
const open = { state: "Open" as const, requester: ALICE, deadline: 1_000, reviewEndsAt: 0 };

describe("task actions", () => {
  it("lets the requester accept or dispute while the review window is open, not finalise", () => {
    const rules = taskActions(submitted, { account: ALICE, now: 999 });
    expect(rules.accept).toEqual({ relevant: true, disabledReason: undefined });
    expect(rules.dispute).toEqual({ relevant: true, disabledReason: undefined });
    expect(rules.finalize.disabledReason).toMatch(/review window is open until/);
    expect(rules.expire.relevant).toBe(false);
    expect(rules.cancel.relevant).toBe(false);
  });

  it("matches the requester case-insensitively", () => {
    expect(taskActions(submitted, { account: ALICE.toLowerCase(), now: 999 }).accept.disabledReason).toBeUndefined();
  });

  it("refuses accept and dispute to another account, naming the requester rule", () => {
    const rules = taskActions(submitted, { account: CAROL, now: 999 });
    expect(rules.accept.disabledReason).toMatch(/Only the requester can accept/);
    expect(rules.dispute.disabledReason).toMatch(/Only the requester can dispute/);
  });

  it("after the review window, sends everyone to Finalise", () => {
    const rules = taskActions(submitted, { account: CAROL, now: 1_001 });
    expect(rules.finalize.disabledReason).toBeUndefined();
    expect(rules.accept.disabledReason).toMatch(/review window has closed: use Finalise/);
    expect(rules.dispute.disabledReason).toMatch(/too late to dispute/);
  });

  it("counts the window's last second as open (the escrow's <=)", () => {
    const rules = taskActions(submitted, { account: ALICE, now: 1_000 });
    expect(rules.dispute.disabledReason).toBeUndefined();
    expect(rules.finalize.disabledReason).toBeDefined();
  });

  it("lets anyone expire an open or claimed task only after its deadline", () => {
    expect(taskActions(open, { account: CAROL, now: 1_000 }).expire.disabledReason).toMatch(/has not passed yet/);
    expect(taskActions(open, { account: CAROL, now: 1_001 }).expire.disabledReason).toBeUndefined();
    const claimed = { ...open, state: "Claimed" as const };
    expect(taskActions(claimed, { account: CAROL, now: 1_001 }).expire).toEqual({
      relevant: true,
      disabledReason: undefined,
    });
    expect(taskActions(claimed, { account: ALICE, now: 1 }).cancel.relevant).toBe(false);
  });

  it("lets only the requester cancel an open task", () => {
    expect(taskActions(open, { account: ALICE, now: 1 }).cancel.disabledReason).toBeUndefined();
    expect(taskActions(open, { account: CAROL, now: 1 }).cancel.disabledReason).toMatch(
      /Only the requester can cancel/,
    );
  });

  it("puts the wallet's reason on every action that needs a wallet", () => {
    const rules = taskActions(open, { guardReason: "Connect a wallet first.", now: 1_001 });
    expect(rules.cancel.disabledReason).toBe("Connect a wallet first.");
    expect(rules.expire.disabledReason).toBe("Connect a wallet first.");
  });

  it("offers nothing on a settled task", () => {
    const rules = taskActions({ ...submitted, state: "Accepted" }, { account: ALICE, now: 1 });
    expect(Object.values(rules).some((r) => r.relevant)).toBe(false);
  });
});
