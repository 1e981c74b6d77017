/**
 * What a registrar pastes to add verified humans: identity commitments, one per line (or
 * separated by commas or spaces), in decimal as the identity page shows them or in 0x hex.
 *
 * Each is checked the way the registry checks it (a field element other than zero) and against
 * the group as the page knows it, so that a batch is not sent only to revert on its third entry:
 * the transaction adds all or nothing.
 */

/** The BN254 scalar field: a commitment must be below it (the registry reverts otherwise). */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** At most this many commitments in one transaction (each costs about 60k gas in the tree). */
export const MAX_BATCH = 100;

export type CommitmentProblem = { entry: string; reason: string };

export type ParsedCommitments = {
  commitments: bigint[];
  problems: CommitmentProblem[];
};

function parseOne(entry: string): bigint | undefined {
  if (/^[0-9]+$/.test(entry)) return BigInt(entry);
  if (/^0x[0-9a-fA-F]+$/.test(entry)) return BigInt(entry);
  return undefined;
}

function short(entry: string): string {
  return entry.length > 18 ? `${entry.slice(0, 8)}…${entry.slice(-6)}` : entry;
}

/**
 * The commitments in `text`, in order, and a named problem for every entry that cannot be added:
 * not a number, zero or out of the field, repeated in the list, or already in the group.
 */
export function parseCommitments(text: string, members: readonly bigint[] = []): ParsedCommitments {
  const entries = text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  const inGroup = new Set(members.filter((m) => m !== 0n));
  const seen = new Set<bigint>();
  const commitments: bigint[] = [];
  const problems: CommitmentProblem[] = [];
  for (const entry of entries) {
    const value = parseOne(entry);
    if (value === undefined) {
      problems.push({ entry, reason: `"${short(entry)}" is not a commitment: use its decimal digits (or 0x hex).` });
    } else if (value === 0n || value >= SNARK_SCALAR_FIELD) {
      problems.push({ entry, reason: `${short(entry)} is outside Semaphore's field (zero or too large).` });
    } else if (seen.has(value)) {
      problems.push({ entry, reason: `${short(entry)} is in the list twice.` });
    } else if (inGroup.has(value)) {
      problems.push({ entry, reason: `${short(entry)} is already a member of the group.` });
    } else {
      seen.add(value);
      commitments.push(value);
    }
  }
  if (commitments.length > MAX_BATCH) {
    problems.push({
      entry: "",
      reason: `${commitments.length} commitments: add at most ${MAX_BATCH} in one transaction.`,
    });
  }
  return { commitments, problems };
}
