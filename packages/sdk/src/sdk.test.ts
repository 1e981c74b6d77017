import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, encodeErrorResult, getAddress, keccak256 } from "viem";
import { AosNotDeployedError, getDeployment } from "./addresses.ts";
import { decodeAosError } from "./errors.ts";
import { taskEscrowAbi } from "./generated/abis.ts";
import { requirementsCommitment } from "./requirements.ts";

describe("requirementsCommitment", () => {
  it("is the first 20 bytes of keccak256(abi.encode(requirements, skills))", () => {
    const requirements = [{ dimension: 5, minimum: 750_000_000_000_000_000n }];
    const skills = [10, 11];
    const full = keccak256(
      encodeAbiParameters(
        [
          {
            type: "tuple[]",
            components: [
              { name: "d", type: "uint16" },
              { name: "m", type: "uint64" },
            ],
          },
          { type: "uint16[]" },
        ],
        [[{ d: 5, m: 750_000_000_000_000_000n }], skills],
      ),
    );
    assert.equal(requirementsCommitment(requirements, skills), full.slice(0, 42));
  });

  it("changes with any requirement, so a claimant cannot open weaker ones", () => {
    const a = requirementsCommitment([{ dimension: 5, minimum: 10n }], []);
    const b = requirementsCommitment([{ dimension: 5, minimum: 9n }], []);
    const c = requirementsCommitment([{ dimension: 5, minimum: 10n }], [1]);
    assert.notEqual(a, b);
    assert.notEqual(a, c);
  });
});

describe("decodeAosError", () => {
  it("names a custom error from raw revert data, with its arguments and a hint", () => {
    const data = encodeErrorResult({
      abi: taskEscrowAbi,
      errorName: "TaskEscrowDeadlinePassed",
      args: [7n, 1_700_000_000],
    });
    const decoded = decodeAosError({ cause: { data } });
    assert.equal(decoded?.name, "TaskEscrowDeadlinePassed");
    assert.deepEqual(decoded?.args, [7n, 1_700_000_000]);
    assert.match(decoded?.message ?? "", /deadline has passed/);
  });

  it("returns undefined for data that is no AOS error", () => {
    assert.equal(decodeAosError(new Error("plain")), undefined);
    assert.equal(decodeAosError({ data: "0xdeadbeef" }), undefined);
  });
});

describe("getDeployment", () => {
  it("names the contract and the chain when nothing is deployed there", () => {
    assert.throws(
      () => getDeployment(999_999, "TaskEscrow"),
      (e: unknown) => e instanceof AosNotDeployedError && e.chainId === 999_999 && /TaskEscrow/.test(e.message),
    );
  });

  it("knows the local chain's deterministic addresses", () => {
    const escrow = getDeployment(31337, "TaskEscrow");
    assert.equal(escrow.address, getAddress(escrow.address));
    assert.ok(escrow.startBlock > 0);
  });
});
