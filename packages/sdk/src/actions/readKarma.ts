import { karmaRegistryAbi } from "../generated/abis.ts";
import type { AosReadContext } from "../types.ts";

export const DIMENSION_KINDS = ["Accuracy", "Skill", "Reliability", "Governance"] as const;

export type KarmaVector = {
  agent: `0x${string}`;
  /** One entry per dimension: the current (decayed) value, 1e18 = 1.0. */
  dimensions: { id: number; name: string; kind: (typeof DIMENSION_KINDS)[number]; value: bigint }[];
  tasksCompleted: number;
  tasksFailed: number;
  trustDepth: number;
  totalEarnedNative: bigint;
};

/** Reads an agent's whole karma vector and counters from the registry. */
export async function readKarma(context: AosReadContext, agent: `0x${string}`): Promise<KarmaVector> {
  const { publicClient, addresses } = context;
  const registry = { address: addresses.karmaRegistry, abi: karmaRegistryAbi } as const;
  const [count, record] = await Promise.all([
    publicClient.readContract({ ...registry, functionName: "dimensionCount" }),
    publicClient.readContract({ ...registry, functionName: "agentRecord", args: [agent] }),
  ]);
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  const dimensions = await Promise.all(
    ids.map(async (id) => {
      const [definition, value] = await Promise.all([
        publicClient.readContract({ ...registry, functionName: "dimension", args: [id] }),
        publicClient.readContract({ ...registry, functionName: "karmaOf", args: [agent, id] }),
      ]);
      return { id, name: definition.name, kind: DIMENSION_KINDS[definition.kind] ?? "Accuracy", value };
    }),
  );
  return {
    agent,
    dimensions,
    tasksCompleted: record.tasksCompleted,
    tasksFailed: record.tasksFailed,
    trustDepth: record.trustDepth,
    totalEarnedNative: record.totalEarnedNative,
  };
}
