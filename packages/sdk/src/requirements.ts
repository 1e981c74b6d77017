import { encodeAbiParameters, keccak256 } from "viem";
import type { KarmaRequirement } from "./types.ts";

/**
 * The 160-bit commitment the escrow stores for a task's karma requirements and skills
 * (the first 20 bytes of keccak256(abi.encode(requirements, skills))). A claimant opens it.
 */
export function requirementsCommitment(
  requirements: readonly KarmaRequirement[],
  skills: readonly number[],
): `0x${string}` {
  const encoded = encodeAbiParameters(
    [
      {
        type: "tuple[]",
        components: [
          { name: "dimension", type: "uint16" },
          { name: "minimum", type: "uint64" },
        ],
      },
      { type: "uint16[]" },
    ],
    [requirements.map((r) => ({ dimension: r.dimension, minimum: r.minimum })), [...skills]],
  );
  return keccak256(encoded).slice(0, 42) as `0x${string}`;
}
