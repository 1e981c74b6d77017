import { describe, expect, it } from "vitest";
import { type VetoContext, vetoDisabledReason } from "./vetoRules";

const ready: VetoContext = {
  request: { state: "Queued", eta: 2_000 },
  chainTime: 1_000,
  membership: "member",
  nullifierUsed: false,
  walletReason: undefined,
};

describe("who may veto a request, and why not", () => {
  it("allows a member with a wallet on a queued request before its eta", () => {
    expect(vetoDisabledReason(ready)).toBeUndefined();
  });

  it.each([
    ["Executed", /executed: only a queued request/],
    ["Vetoed", /vetoed/],
    ["Ready", /ready/],
    ["Cancelled", /cancelled/],
  ] as const)("refuses a %s request", (state, reason) => {
    expect(vetoDisabledReason({ ...ready, request: { state, eta: 2_000 } })).toMatch(reason);
  });

  it("refuses once the chain's clock reaches the eta", () => {
    expect(vetoDisabledReason({ ...ready, chainTime: 2_000 })).toMatch(/veto window has closed/);
  });

  it("asks for an identity first", () => {
    expect(vetoDisabledReason({ ...ready, membership: "no-identity" })).toMatch(/Create or restore your identity/);
  });

  it("says when the identity is not in the group", () => {
    expect(vetoDisabledReason({ ...ready, membership: "not-member" })).toMatch(/not in the group.*registrar/);
  });

  it("waits while membership or the nullifier are being checked", () => {
    expect(vetoDisabledReason({ ...ready, membership: "loading" })).toMatch(/Checking/);
    expect(vetoDisabledReason({ ...ready, nullifierUsed: undefined })).toMatch(/Checking whether you have vetoed/);
  });

  it("says when this identity's veto in the scope is spent", () => {
    expect(vetoDisabledReason({ ...ready, nullifierUsed: true })).toMatch(/already used its veto/);
  });

  it("passes on the wallet's reason last", () => {
    expect(vetoDisabledReason({ ...ready, walletReason: "Connect a wallet first." })).toBe("Connect a wallet first.");
    // The request's own state wins over the wallet.
    expect(
      vetoDisabledReason({ ...ready, request: { state: "Executed", eta: 0 }, walletReason: "Connect a wallet first." }),
    ).toMatch(/executed/);
  });
});
