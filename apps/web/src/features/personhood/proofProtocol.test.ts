import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  artifactUrls,
  clearArtifactCache,
  describeStage,
  handleWorkerRequest,
  overallProgress,
  type ProverDeps,
  type SemaphoreGroupLike,
  type SemaphoreLibs,
  toSolidityProof,
  type WorkerResponse,
} from "./proofProtocol";

const RAW_PROOF = {
  merkleTreeDepth: 2,
  merkleTreeRoot: "77",
  nullifier: "123",
  message: "1",
  scope: "42",
  points: ["1", "2", "3", "4", "5", "6", "7", "8"],
};

/** A fake group: the root is the sum of the leaves (enough to test the protocol). */
function fakeGroup(members: bigint[]): SemaphoreGroupLike {
  const leaves = [...members];
  return {
    get depth() {
      return Math.max(1, Math.ceil(Math.log2(Math.max(2, leaves.length))));
    },
    get root() {
      return leaves.reduce((a, b) => a + b, 0n);
    },
    indexOf: (m) => leaves.indexOf(m),
    removeMember: (i) => {
      leaves[i] = 0n;
    },
  };
}

function fakeDeps(overrides: Partial<ProverDeps> = {}, libs: Partial<SemaphoreLibs> = {}) {
  const generateProof = vi.fn(async () => RAW_PROOF);
  const fetchBytes = vi.fn(async (url: string, onProgress: (l: number, t: number) => void) => {
    onProgress(50, 100);
    onProgress(100, 100);
    return new TextEncoder().encode(url);
  });
  let clock = 0;
  const deps: ProverDeps = {
    hasWebCrypto: () => true,
    fetchBytes,
    semaphore: async () => ({
      importIdentity: (key: string) => ({ commitment: BigInt(key) }),
      createGroup: fakeGroup,
      generateProof,
      randomIdentity: () => {
        const c = BigInt(Math.floor(Math.random() * 1e9) + 1);
        return { commitment: c, export: () => c.toString() };
      },
      ...libs,
    }),
    randomCommitment: () => BigInt(Math.floor(Math.random() * 1e12) + 1),
    now: () => (clock += 10),
    ...overrides,
  };
  return { deps, generateProof, fetchBytes };
}

async function run(request: Parameters<typeof handleWorkerRequest>[0], deps: ProverDeps): Promise<WorkerResponse[]> {
  const out: WorkerResponse[] = [];
  await handleWorkerRequest(request, deps, (r) => out.push(r));
  return out;
}

const input = { identity: "5", members: [3n, 5n, 0n, 9n], message: 1n, scope: 42n, depth: 2, expectedRoot: 17n };

beforeEach(() => clearArtifactCache());

describe("the proof worker's protocol", () => {
  it("builds, downloads with byte progress, proves, and answers with the contracts' proof shape", async () => {
    const { deps, generateProof, fetchBytes } = fakeDeps();
    const out = await run({ type: "prove", id: 7, input, artifactsBase: "/semaphore" }, deps);
    expect(fetchBytes.mock.calls.map((c) => c[0]).sort()).toEqual([
      "/semaphore/semaphore-2.wasm",
      "/semaphore/semaphore-2.zkey",
    ]);
    const stages = out.filter((r) => r.type === "progress").map((r) => r.type === "progress" && r.stage);
    expect(stages[0]).toBe("building");
    expect(stages).toContain("downloading");
    expect(stages.indexOf("proving")).toBeGreaterThan(stages.lastIndexOf("downloading"));
    expect(stages.at(-1)).toBe("done");
    const downloads = out.filter((r) => r.type === "progress" && r.stage === "downloading" && r.total === 200);
    expect(downloads.at(-1)).toMatchObject({ loaded: 200, fraction: 1 });
    const last = out.at(-1);
    expect(last).toMatchObject({ type: "proof", id: 7 });
    if (last?.type !== "proof") throw new Error("no proof");
    expect(last.proof).toEqual({
      merkleTreeDepth: 2n,
      merkleTreeRoot: 77n,
      nullifier: 123n,
      message: 1n,
      scope: 42n,
      points: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
    });
    expect(last.timings.proveMs).toBeGreaterThan(0);
    // The proof is made with the downloaded bytes at the group's depth.
    const call = generateProof.mock.calls[0] as unknown as [
      unknown,
      unknown,
      bigint,
      bigint,
      number,
      { wasm: Uint8Array },
    ];
    expect(call[2]).toBe(1n);
    expect(call[3]).toBe(42n);
    expect(call[4]).toBe(2);
    expect(new TextDecoder().decode(call[5].wasm)).toBe("/semaphore/semaphore-2.wasm");
  });

  it("downloads a circuit once per worker", async () => {
    const { deps, fetchBytes } = fakeDeps();
    await run({ type: "prove", id: 1, input, artifactsBase: "/semaphore" }, deps);
    await run({ type: "prove", id: 2, input, artifactsBase: "/semaphore" }, deps);
    expect(fetchBytes).toHaveBeenCalledTimes(2);
  });

  it("names an identity that is not in the group, before downloading anything", async () => {
    const { deps, fetchBytes } = fakeDeps();
    const out = await run(
      { type: "prove", id: 3, input: { ...input, identity: "4", expectedRoot: undefined }, artifactsBase: "/s" },
      deps,
    );
    expect(out.at(-1)).toMatchObject({ type: "error", id: 3, name: "NotInGroup" });
    expect(fetchBytes).not.toHaveBeenCalled();
  });

  it("refuses a group whose root is not the registry's", async () => {
    const { deps } = fakeDeps();
    const out = await run({ type: "prove", id: 4, input: { ...input, expectedRoot: 1n }, artifactsBase: "/s" }, deps);
    expect(out.at(-1)).toMatchObject({ type: "error", name: "RootMismatch" });
  });

  it("names a failed download and retries it next time", async () => {
    const failing = vi.fn(async () => {
      throw new Error("/s/semaphore-2.zkey: 404");
    });
    const { deps } = fakeDeps({ fetchBytes: failing });
    const out = await run({ type: "prove", id: 5, input, artifactsBase: "/s" }, deps);
    expect(out.at(-1)).toMatchObject({ type: "error", name: "ArtifactDownloadFailed" });
    expect((out.at(-1) as { message: string }).message).toMatch(/404/);
    await run({ type: "prove", id: 6, input, artifactsBase: "/s" }, deps);
    expect(failing).toHaveBeenCalledTimes(4);
  });

  it("names a failing prover", async () => {
    const { deps } = fakeDeps(
      {},
      {
        generateProof: async () => {
          throw new Error("witness failed");
        },
      },
    );
    const out = await run({ type: "prove", id: 8, input, artifactsBase: "/s" }, deps);
    expect(out.at(-1)).toMatchObject({ type: "error", name: "ProofFailed" });
  });

  it("refuses to work without Web Crypto", async () => {
    const { deps } = fakeDeps({ hasWebCrypto: () => false });
    const out = await run({ type: "prove", id: 9, input, artifactsBase: "/s" }, deps);
    expect(out).toEqual([expect.objectContaining({ type: "error", name: "NoWebCrypto" })]);
  });

  it.each([
    [{ ...input, members: [] }, /no members/],
    [{ ...input, identity: "" }, /No identity/],
    [{ ...input, depth: 33 }, /depth/],
    [{ ...input, message: 1 as unknown as bigint }, /integers/],
  ])("refuses bad input %#", async (bad, message) => {
    const { deps } = fakeDeps();
    const out = await run({ type: "prove", id: 10, input: bad, artifactsBase: "/s" }, deps);
    expect(out.at(-1)).toMatchObject({ type: "error", name: "InvalidInput", message: expect.stringMatching(message) });
  });

  it("answers an unknown request with a named error", async () => {
    const { deps } = fakeDeps();
    const out = await run({ type: "nonsense", id: 11 } as never, deps);
    expect(out).toEqual([expect.objectContaining({ type: "error", id: 11, name: "InvalidInput" })]);
  });

  it("makes groups of 1 to 5000 members for the speed check, with the exported prover among them", async () => {
    const { deps } = fakeDeps();
    const out = await run({ type: "randomGroup", id: 12, size: 10 }, deps);
    const last = out.at(-1);
    if (last?.type !== "group") throw new Error("no group");
    expect(last.members).toHaveLength(10);
    expect(last.members).toContain(BigInt(last.identity));
    const bad = await run({ type: "randomGroup", id: 13, size: 5001 }, deps);
    expect(bad.at(-1)).toMatchObject({ type: "error", name: "InvalidInput" });
  });
});

describe("progress and shapes", () => {
  it("maps stages onto one bar that only grows", () => {
    const seq = [
      overallProgress("building", 0),
      overallProgress("building", 1),
      overallProgress("downloading", 0.5),
      overallProgress("downloading", 1),
      overallProgress("proving", 0.5),
      overallProgress("done", 1),
    ];
    expect([...seq].sort((a, b) => a - b)).toEqual(seq);
    expect(seq.at(-1)).toBe(1);
  });

  it("says the stage in words", () => {
    expect(describeStage("downloading", 0.456)).toBe("Downloading the circuit 46%");
    expect(describeStage("building", 0)).toBe("Building the group");
    expect(describeStage("proving", 0)).toBe("Proving");
    expect(describeStage("done", 1)).toBe("Done");
  });

  it("names artifact URLs only for depths 1 to 32", () => {
    expect(artifactUrls(16)).toEqual({ wasm: "/semaphore/semaphore-16.wasm", zkey: "/semaphore/semaphore-16.zkey" });
    expect(() => artifactUrls(0)).toThrow(/depths 1 to 32/);
    expect(() => artifactUrls(33)).toThrow();
  });

  it("refuses a proof without 8 points", () => {
    expect(() => toSolidityProof({ ...RAW_PROOF, points: ["1"] })).toThrow(/8 proof points/);
  });
});
