/**
 * What the page and the proof worker say to each other, and the worker's work as plain functions
 * with their dependencies passed in (the worker wires the real ones; tests pass fakes).
 *
 * A proof: download the circuit for the group's depth (with byte progress), rebuild the group from
 * its leaves (a removed member is a zero leaf), check it against the registry's root, prove, and
 * shape the result as the contracts' `ISemaphore.SemaphoreProof` (bigints, 8 points).
 */

export const MIN_DEPTH = 1;
export const MAX_DEPTH = 32;

/** `ISemaphore.SemaphoreProof` as viem encodes it. */
export type SolidityProof = {
  merkleTreeDepth: bigint;
  merkleTreeRoot: bigint;
  nullifier: bigint;
  message: bigint;
  scope: bigint;
  points: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
};

export type ProveInput = {
  /** The identity's exported private key (base64), as the identity store keeps it. */
  identity: string;
  /** Every leaf of the group in tree order (0n for a removed member). */
  members: readonly bigint[];
  message: bigint;
  scope: bigint;
  /** The registry's tree depth; the circuit used is max(depth, group's depth, 1). */
  depth: number;
  /** The registry's current root: a group rebuilt differently is refused before proving. */
  expectedRoot?: bigint;
};

export type ProofStage = "downloading" | "building" | "proving" | "done";

export type ProofTimings = { downloadMs: number; groupMs: number; proveMs: number };

export type WorkerRequest =
  | { type: "prove"; id: number; input: ProveInput; artifactsBase: string }
  | { type: "randomGroup"; id: number; size: number };

export type WorkerResponse =
  | { type: "progress"; id: number; stage: ProofStage; fraction: number; loaded?: number; total?: number }
  | { type: "proof"; id: number; proof: SolidityProof; timings: ProofTimings }
  | { type: "group"; id: number; identity: string; members: bigint[]; ms: number }
  | { type: "error"; id: number; name: ProofErrorName; message: string };

export type ProofErrorName =
  | "NoWebCrypto"
  | "InvalidInput"
  | "NotInGroup"
  | "RootMismatch"
  | "ArtifactDownloadFailed"
  | "ProofFailed"
  | "WorkerFailed";

export class ProofError extends Error {
  override readonly name: ProofErrorName;
  constructor(name: ProofErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

/** The circuit files for a depth, under the app's own route. */
export function artifactUrls(depth: number, base = "/semaphore"): { wasm: string; zkey: string } {
  if (!Number.isInteger(depth) || depth < MIN_DEPTH || depth > MAX_DEPTH) {
    throw new ProofError("InvalidInput", `Semaphore supports tree depths ${MIN_DEPTH} to ${MAX_DEPTH}, not ${depth}.`);
  }
  return { wasm: `${base}/semaphore-${depth}.wasm`, zkey: `${base}/semaphore-${depth}.zkey` };
}

/** Refuses input that cannot make a proof, with the reason in words. */
export function validateProveInput(input: ProveInput): void {
  if (typeof input.identity !== "string" || input.identity.length === 0) {
    throw new ProofError("InvalidInput", "No identity was given.");
  }
  if (!Array.isArray(input.members) || input.members.length === 0) {
    throw new ProofError("InvalidInput", "The group has no members yet.");
  }
  if (input.members.some((m) => typeof m !== "bigint" || m < 0n)) {
    throw new ProofError("InvalidInput", "A member commitment is not a non-negative integer.");
  }
  if (typeof input.message !== "bigint" || typeof input.scope !== "bigint") {
    throw new ProofError("InvalidInput", "The message and scope must be integers.");
  }
  if (!Number.isInteger(input.depth) || input.depth < 0 || input.depth > MAX_DEPTH) {
    throw new ProofError("InvalidInput", `The tree depth ${input.depth} is outside 0..${MAX_DEPTH}.`);
  }
}

/** The proof as @semaphore-protocol/proof returns it, shaped for the contracts. */
export function toSolidityProof(proof: {
  merkleTreeDepth: number | string | bigint;
  merkleTreeRoot: number | string | bigint;
  nullifier: number | string | bigint;
  message: number | string | bigint;
  scope: number | string | bigint;
  points: readonly (number | string | bigint)[];
}): SolidityProof {
  const p = proof.points.map((x) => BigInt(x));
  if (p.length !== 8) throw new ProofError("ProofFailed", `Expected 8 proof points, got ${p.length}.`);
  return {
    merkleTreeDepth: BigInt(proof.merkleTreeDepth),
    merkleTreeRoot: BigInt(proof.merkleTreeRoot),
    nullifier: BigInt(proof.nullifier),
    message: BigInt(proof.message),
    scope: BigInt(proof.scope),
    points: p as unknown as SolidityProof["points"],
  };
}

/**
 * One bar for the whole proof. The group is built first (a few milliseconds, and an identity not
 * in it fails before megabytes are downloaded), then the circuit downloads (half the bar: it
 * dominates on a first visit), then the proof.
 */
export function overallProgress(stage: ProofStage, fraction: number): number {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  switch (stage) {
    case "building":
      return 0.05 * f;
    case "downloading":
      return 0.05 + 0.5 * f;
    case "proving":
      return 0.55 + 0.43 * f;
    case "done":
      return 1;
  }
}

/** The stage in words, for the progress bar's caption. */
export function describeStage(stage: ProofStage, fraction: number): string {
  switch (stage) {
    case "downloading":
      return `Downloading the circuit ${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
    case "building":
      return "Building the group";
    case "proving":
      return "Proving";
    case "done":
      return "Done";
  }
}

/** What the worker needs from the outside world (real in the worker, fakes in tests). */
export type ProverDeps = {
  hasWebCrypto(): boolean;
  /** Downloads one file, reporting bytes as they arrive. */
  fetchBytes(url: string, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array>;
  /** The Semaphore libraries (loaded lazily in the worker). */
  semaphore(): Promise<SemaphoreLibs>;
  /** A random non-zero field element (31 random bytes), standing in for another member. */
  randomCommitment(): bigint;
  now(): number;
};

export type SemaphoreGroupLike = {
  depth: number;
  root: bigint;
  indexOf(member: bigint): number;
  removeMember(index: number): void;
};

export type SemaphoreLibs = {
  importIdentity(exported: string): { commitment: bigint };
  createGroup(members: bigint[]): SemaphoreGroupLike;
  generateProof(
    identity: { commitment: bigint },
    group: SemaphoreGroupLike,
    message: bigint,
    scope: bigint,
    depth: number,
    artifacts: { wasm: Uint8Array; zkey: Uint8Array },
  ): Promise<Parameters<typeof toSolidityProof>[0]>;
  randomIdentity(): { commitment: bigint; export(): string };
};

const artifactCache = new Map<string, Promise<Uint8Array>>();

/** Forgets downloaded circuits (tests). */
export function clearArtifactCache() {
  artifactCache.clear();
}

/** The group as the registry's tree holds it: a zero leaf is added as a placeholder, then removed. */
export function buildGroup(libs: SemaphoreLibs, members: readonly bigint[]): SemaphoreGroupLike {
  const group = libs.createGroup(members.map((m) => (m === 0n ? 1n : m)));
  members.forEach((m, i) => {
    if (m === 0n) group.removeMember(i);
  });
  return group;
}

/**
 * Makes one proof, posting progress as it goes. Throws a ProofError naming what failed.
 */
export async function runProve(
  input: ProveInput,
  artifactsBase: string,
  deps: ProverDeps,
  progress: (stage: ProofStage, fraction: number, loaded?: number, total?: number) => void,
): Promise<{ proof: SolidityProof; timings: ProofTimings }> {
  if (!deps.hasWebCrypto()) {
    throw new ProofError("NoWebCrypto", "This browser offers no Web Crypto in workers: proofs cannot be made here.");
  }
  validateProveInput(input);
  const libs = await deps.semaphore();
  const t0 = deps.now();
  progress("building", 0);
  let group: SemaphoreGroupLike;
  let identity: { commitment: bigint };
  try {
    identity = libs.importIdentity(input.identity);
    group = buildGroup(libs, input.members);
  } catch (error) {
    throw new ProofError("InvalidInput", `The identity or the group could not be read: ${messageOf(error)}`);
  }
  if (input.expectedRoot !== undefined && group.root !== input.expectedRoot) {
    throw new ProofError(
      "RootMismatch",
      "The group rebuilt from the registry's events does not match its root: the group just changed, try again.",
    );
  }
  if (group.indexOf(identity.commitment) < 0) {
    throw new ProofError("NotInGroup", "This identity is not in the group: a registrar must add its commitment first.");
  }
  // The circuit depth: the registry's, and never less than the rebuilt group needs.
  const depth = Math.max(input.depth, group.depth, MIN_DEPTH);
  const groupMs = deps.now() - t0;
  progress("building", 1);

  const urls = artifactUrls(depth, artifactsBase);
  const t1 = deps.now();
  const sizes = { wasm: [0, 0], zkey: [0, 0] } as Record<"wasm" | "zkey", [number, number]>;
  const report = () => {
    const loaded = sizes.wasm[0] + sizes.zkey[0];
    const total = sizes.wasm[1] + sizes.zkey[1];
    progress("downloading", total > 0 ? loaded / total : 0, loaded, total);
  };
  const fetchOne = (kind: "wasm" | "zkey") => {
    const url = urls[kind];
    let cached = artifactCache.get(url);
    if (!cached) {
      cached = deps.fetchBytes(url, (loaded, total) => {
        sizes[kind] = [loaded, total];
        report();
      });
      // A failed download is not cached: the next attempt tries again.
      cached.catch(() => artifactCache.delete(url));
      artifactCache.set(url, cached);
    }
    return cached;
  };
  let wasm: Uint8Array;
  let zkey: Uint8Array;
  try {
    progress("downloading", 0);
    [wasm, zkey] = await Promise.all([fetchOne("wasm"), fetchOne("zkey")]);
  } catch (error) {
    throw new ProofError("ArtifactDownloadFailed", `The circuit could not be downloaded: ${messageOf(error)}`);
  }
  const downloadMs = deps.now() - t1;
  progress("downloading", 1);

  progress("proving", 0);
  const t2 = deps.now();
  let raw: Parameters<typeof toSolidityProof>[0];
  try {
    raw = await libs.generateProof(identity, group, input.message, input.scope, depth, { wasm, zkey });
  } catch (error) {
    throw new ProofError("ProofFailed", `The proof could not be generated: ${messageOf(error)}`);
  }
  const proveMs = deps.now() - t2;
  const proof = toSolidityProof(raw);
  progress("done", 1);
  return { proof, timings: { downloadMs, groupMs, proveMs } };
}

/**
 * A group of `size` members for the speed check: one fresh identity (the prover) among random
 * commitments. Deriving a Semaphore identity costs an EdDSA key derivation, tens of milliseconds
 * on a slow device, and a commitment is a field element the circuit cannot tell from any other:
 * random ones give the same tree, the same proof and the same timing, without minutes of setup
 * for a group of 5,000.
 */
export async function runRandomGroup(
  size: number,
  deps: ProverDeps,
): Promise<{ identity: string; members: bigint[]; ms: number }> {
  if (!deps.hasWebCrypto()) {
    throw new ProofError(
      "NoWebCrypto",
      "This browser offers no Web Crypto in workers: identities cannot be made here.",
    );
  }
  if (!Number.isInteger(size) || size < 1 || size > 5000) {
    throw new ProofError("InvalidInput", `The group size must be from 1 to 5000, not ${size}.`);
  }
  const libs = await deps.semaphore();
  const t0 = deps.now();
  const prover = libs.randomIdentity();
  const members = Array.from({ length: size }, () => deps.randomCommitment());
  members[Math.floor(size / 2)] = prover.commitment;
  return { identity: prover.export(), members, ms: deps.now() - t0 };
}

/** Handles one request from the page: the worker's whole protocol. */
export async function handleWorkerRequest(
  request: WorkerRequest,
  deps: ProverDeps,
  post: (response: WorkerResponse) => void,
): Promise<void> {
  const id = request?.id ?? -1;
  try {
    if (request?.type === "prove") {
      const { proof, timings } = await runProve(
        request.input,
        request.artifactsBase,
        deps,
        (stage, fraction, loaded, total) => post({ type: "progress", id, stage, fraction, loaded, total }),
      );
      post({ type: "proof", id, proof, timings });
    } else if (request?.type === "randomGroup") {
      const { identity, members, ms } = await runRandomGroup(request.size, deps);
      post({ type: "group", id, identity, members, ms });
    } else {
      throw new ProofError("InvalidInput", `Unknown request ${JSON.stringify((request as { type?: unknown })?.type)}.`);
    }
  } catch (error) {
    const name = error instanceof ProofError ? error.name : "WorkerFailed";
    post({ type: "error", id, name, message: messageOf(error) });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
