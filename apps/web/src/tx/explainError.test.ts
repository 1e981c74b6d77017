import { agentTimelockAbi, taskEscrowAbi } from "@aos/sdk";
import { encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { explainError } from "./explainError";

function revert(data: `0x${string}`) {
  return Object.assign(new Error("execution reverted"), { data });
}

describe("explainError", () => {
  it("explains an escrow error in plain words with what to do", () => {
    const data = encodeErrorResult({
      abi: taskEscrowAbi,
      errorName: "TaskEscrowReviewWindowClosed",
      args: [4n, 1700000000n],
    });
    const e = explainError(revert(data));
    expect(e.name).toBe("TaskEscrowReviewWindowClosed");
    expect(e.title).toMatch(/review window is over/i);
  });

  it("explains a timelock error raised by a veto", () => {
    const data = encodeErrorResult({ abi: agentTimelockAbi, errorName: "AgentTimelockNullifierUsed", args: [7n] });
    const e = explainError(revert(data));
    expect(e).toMatchObject({ name: "AgentTimelockNullifierUsed" });
    expect(e.hint).toMatch(/once/);
  });

  it("tells a rejection in the wallet apart from a failure", () => {
    const e = explainError(new UserRejectedRequestError(new Error("User denied")));
    expect(e.name).toBe("UserRejectedRequestError");
    expect(e.hint).toMatch(/Nothing was sent/);
  });

  it("falls back to the error's first line for anything unknown", () => {
    const e = explainError(new Error("fetch failed\nstack..."));
    expect(e.title).toBe("fetch failed");
  });
});
