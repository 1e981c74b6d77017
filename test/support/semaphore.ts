/**
 * Semaphore v4 helpers shared by the TypeScript tests and the seed script: deterministic
 * identities, groups, real Groth16 proofs of membership in the shape the contracts take, and
 * the hash Semaphore applies to a proof's message and scope.
 *
 * Proofs use the circuit artifacts of @zk-kit/semaphore-artifacts from node_modules (nothing is
 * downloaded). snarkjs keeps worker threads alive: a process that made proofs must call
 * `endProofWorkers()` (in an `after` hook) or it never exits.
 */
import path from "node:path";
import { Group } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { generateProof } from "@semaphore-protocol/proof";
import { encodePacked, keccak256 } from "viem";

/** The depths the Semaphore circuits (and the verifier) support. */
export const MIN_DEPTH = 1;
export const MAX_DEPTH = 32;

const ARTIFACTS = path.join(import.meta.dirname, "..", "..", "node_modules", "@zk-kit", "semaphore-artifacts");

/** `ISemaphore.SemaphoreProof` as viem encodes and decodes it. */
export type SolidityProof = {
  merkleTreeDepth: bigint;
  merkleTreeRoot: bigint;
  nullifier: bigint;
  message: bigint;
  scope: bigint;
  points: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
};

/** The same identity for the same seed, every run (the seed is the EdDSA private key's text). */
export function identityFromSeed(seed: string): Identity {
  return new Identity(`aos-personhood:${seed}`);
}

/** `count` deterministic identities: `${prefix}-0`, `${prefix}-1`, ... */
export function identitiesFromSeed(prefix: string, count: number): Identity[] {
  return Array.from({ length: count }, (_, i) => identityFromSeed(`${prefix}-${i}`));
}

/**
 * A group with these members in this order, as the registry's tree holds them (a removed
 * member is a 0n leaf; pass it to keep the positions).
 */
export function groupOf(members: readonly (bigint | Identity)[]): Group {
  const group = new Group();
  for (const member of members) {
    const commitment = typeof member === "bigint" ? member : member.commitment;
    if (commitment === 0n) {
      // Lean IMT has no "add zero": add a placeholder and remove it, as the contract does.
      group.addMember(1n);
      group.removeMember(group.size - 1);
    } else {
      group.addMember(commitment);
    }
  }
  return group;
}

/** The sibling nodes `replaceMember` and `removeMember` need for `commitment`. */
export function merkleSiblings(group: Group, commitment: bigint): bigint[] {
  const index = group.indexOf(commitment);
  if (index < 0) throw new Error(`not in the group: ${commitment}`);
  return group.generateMerkleProof(index).siblings;
}

/** The circuit artifacts for a tree depth, from node_modules. */
export function artifactPaths(depth: number): { wasm: string; zkey: string } {
  if (!Number.isInteger(depth) || depth < MIN_DEPTH || depth > MAX_DEPTH) {
    throw new Error(`unsupported Semaphore depth ${depth}`);
  }
  return {
    wasm: path.join(ARTIFACTS, `semaphore-${depth}.wasm`),
    zkey: path.join(ARTIFACTS, `semaphore-${depth}.zkey`),
  };
}

/**
 * A real Semaphore proof that `identity` is in `group`, for `message` and `scope`, ready to pass
 * to the contracts. The depth is the group's (at least 1) unless given: a larger depth proves
 * against the same root with a bigger circuit.
 */
export async function proveMembership(args: {
  identity: Identity;
  group: Group;
  message: bigint;
  scope: bigint;
  depth?: number;
}): Promise<SolidityProof> {
  const depth = args.depth ?? Math.max(args.group.depth, MIN_DEPTH);
  const proof = await generateProof(args.identity, args.group, args.message, args.scope, depth, artifactPaths(depth));
  const p = (proof.points as readonly (string | bigint)[]).map((x) => BigInt(x));
  if (p.length !== 8) throw new Error(`expected 8 proof points, got ${p.length}`);
  return {
    merkleTreeDepth: BigInt(proof.merkleTreeDepth),
    merkleTreeRoot: BigInt(proof.merkleTreeRoot),
    nullifier: BigInt(proof.nullifier),
    message: BigInt(proof.message),
    scope: BigInt(proof.scope),
    points: [p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!],
  };
}

/** Semaphore's hash of a message or scope into the SNARK field: keccak256(uint256) >> 8. */
export function snarkHash(x: bigint): bigint {
  return BigInt(keccak256(encodePacked(["uint256"], [x]))) >> 8n;
}

/** Ends the snarkjs worker threads so that the process can exit; call once proofs are done. */
export async function endProofWorkers(): Promise<void> {
  const cached = globalThis as { curve_bn128?: { terminate(): Promise<void> } };
  await cached.curve_bn128?.terminate();
  delete cached.curve_bn128;
}
