/**
 * The karma dimensions the registry knows (built-in and added by governance), read once from the
 * chain: a domain of a task is an Accuracy dimension; requirements may name any dimension.
 */
import { call, contract, multiread } from "./chain";

export const DIMENSION_KINDS = ["Accuracy", "Skill", "Reliability", "Governance"] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export type Dimension = { id: number; name: string; kind: DimensionKind; baseline: bigint };

export async function listDimensions(): Promise<Dimension[]> {
  const [count] = await multiread<[number]>([call("KarmaRegistry", "dimensionCount")]);
  // Dimension ids start at 1 (0 means "none" in the registry).
  const ids = Array.from({ length: Number(count) }, (_, i) => i + 1);
  const defs = await multiread<{ name: string; kind: number; baseline: bigint }[]>(
    ids.map((id) => call("KarmaRegistry", "dimension", [id])),
  );
  return defs.map((d, i) => ({
    id: ids[i]!,
    name: d.name,
    kind: DIMENSION_KINDS[d.kind] ?? "Skill",
    baseline: d.baseline,
  }));
}

/** Readable name of a dimension: "accuracy.code_review" -> "Code review". */
export function dimensionLabel(name: string): string {
  const last = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
  const words = last.replaceAll(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Karma is fixed-point with 18 decimals; the UI shows 0..1 with two decimals. */
export function karmaToNumber(value: bigint): number {
  return Number(value / 10n ** 12n) / 1e6;
}

export { contract };
