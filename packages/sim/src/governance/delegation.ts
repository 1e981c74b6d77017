/**
 * Liquid delegation with the rules of the governance contracts (issue 3):
 * - an account delegates all its weight to one other account, transitively;
 * - a write that would close a cycle, or make any chain longer than maxDepth hops, is rejected;
 * - a delegation can be revoked at any time and can carry an expiry (an expired edge is absent);
 * - when votes are tallied, an account's weight goes to the first account on its chain
 *   (itself first) that voted directly, so a direct vote overrides the delegates at any depth.
 *
 * Chains are resolved once per snapshot into a flat Int32Array (maxDepth slots per account),
 * which makes a tally O(accounts x depth) with no allocation.
 */

export type DelegationResult = "ok" | "self" | "cycle" | "depth" | "expired";

export class DelegationGraph {
  readonly capacity: number;
  readonly maxDepth: number;
  /** Delegate of each account, or -1. */
  private readonly parent: Int32Array;
  /** Expiry time of each account's delegation (Infinity: none). */
  private readonly expiry: Float64Array;
  /** Delegators of each account (edges may have expired; filtered on use). */
  private readonly children: (number[] | undefined)[];
  /** Bumped on every change, so resolved chains can be cached. */
  version = 0;

  constructor(capacity: number, maxDepth: number) {
    this.capacity = capacity;
    this.maxDepth = maxDepth;
    this.parent = new Int32Array(capacity).fill(-1);
    this.expiry = new Float64Array(capacity).fill(Number.POSITIVE_INFINITY);
    this.children = new Array(capacity);
  }

  /** Current live delegate of `from` at time `now`, or -1. */
  delegateOf(from: number, now: number): number {
    const p = this.parent[from] as number;
    if (p < 0) return -1;
    return (this.expiry[from] as number) > now ? p : -1;
  }

  expiresAt(from: number): number {
    return this.expiry[from] as number;
  }

  /** Hops from `node` up to the end of its live chain. */
  private depthAbove(node: number, now: number, stopAt: number): number {
    let hops = 0;
    let cur = this.delegateOf(node, now);
    while (cur >= 0) {
      if (cur === stopAt) return -1;
      hops++;
      if (hops > this.capacity) return -1;
      cur = this.delegateOf(cur, now);
    }
    return hops;
  }

  /** Longest live chain of delegators ending at `node`, in hops (bounded search). */
  private heightBelow(node: number, now: number, limit: number): number {
    let best = 0;
    const stack: number[] = [node, 0];
    while (stack.length > 0) {
      const depth = stack.pop() as number;
      const cur = stack.pop() as number;
      if (depth > best) best = depth;
      if (depth > limit) return depth;
      const kids = this.children[cur];
      if (kids === undefined) continue;
      for (const k of kids) {
        if (this.delegateOf(k, now) === cur) stack.push(k, depth + 1);
      }
    }
    return best;
  }

  /**
   * from delegates to `to` until `expiresAt`. Replaces an existing delegation of `from`
   * only if the new one is accepted.
   */
  delegate(from: number, to: number, now: number, expiresAt = Number.POSITIVE_INFINITY): DelegationResult {
    if (from === to) return "self";
    if (expiresAt <= now) return "expired";
    const above = this.depthAbove(to, now, from);
    if (above < 0) return "cycle";
    if (this.delegateOf(to, now) === from) return "cycle";
    const below = this.heightBelow(from, now, this.maxDepth);
    if (below + 1 + above > this.maxDepth) return "depth";
    this.detach(from);
    this.parent[from] = to;
    this.expiry[from] = expiresAt;
    let kids = this.children[to];
    if (kids === undefined) {
      kids = [];
      this.children[to] = kids;
    }
    kids.push(from);
    this.version++;
    return "ok";
  }

  /** Revokes `from`'s delegation (no-op when there is none). */
  revoke(from: number): boolean {
    if ((this.parent[from] as number) < 0) return false;
    this.detach(from);
    this.version++;
    return true;
  }

  private detach(from: number): void {
    const old = this.parent[from] as number;
    if (old < 0) return;
    const kids = this.children[old];
    if (kids !== undefined) {
      const at = kids.indexOf(from);
      if (at >= 0) {
        kids[at] = kids[kids.length - 1] as number;
        kids.pop();
      }
    }
    this.parent[from] = -1;
    this.expiry[from] = Number.POSITIVE_INFINITY;
  }

  /**
   * Resolves the live chain of the first `n` accounts at time `now` into `out`
   * (n x maxDepth slots: slot k holds the (k+1)-th delegate, -1 after the end).
   */
  resolveChains(n: number, now: number, out: Int32Array = new Int32Array(n * this.maxDepth)): Int32Array {
    const depth = this.maxDepth;
    out.fill(-1, 0, n * depth);
    for (let i = 0; i < n; i++) {
      let cur = this.delegateOf(i, now);
      const base = i * depth;
      for (let k = 0; k < depth && cur >= 0; k++) {
        out[base + k] = cur;
        cur = this.delegateOf(cur, now);
      }
    }
    return out;
  }

  /** The graph's state, for checkpoints (children lists are rebuilt from it). */
  exportState(): { parent: Int32Array; expiry: Float64Array; version: number } {
    return { parent: this.parent.slice(), expiry: this.expiry.slice(), version: this.version };
  }

  importState(state: { parent: Int32Array; expiry: Float64Array; version: number }): void {
    if (state.parent.length !== this.capacity || state.expiry.length !== this.capacity) {
      throw new RangeError(
        `DelegationGraph.importState: expected ${this.capacity} accounts, got ${state.parent.length}`,
      );
    }
    this.parent.set(state.parent);
    this.expiry.set(state.expiry);
    this.children.fill(undefined);
    for (let i = 0; i < this.capacity; i++) {
      const p = this.parent[i] as number;
      if (p < 0) continue;
      let kids = this.children[p];
      if (kids === undefined) {
        kids = [];
        this.children[p] = kids;
      }
      kids.push(i);
    }
    this.version = state.version;
  }

  /** Live edges [from, to, expiresAt] at `now` (for the reputation-network chart). */
  edges(n: number, now: number): [number, number, number][] {
    const out: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
      const d = this.delegateOf(i, now);
      if (d >= 0) out.push([i, d, this.expiry[i] as number]);
    }
    return out;
  }
}

export interface TallyInput {
  /** Snapshotted weight of each account. */
  weights: Float64Array;
  /** Direct vote of each account: 0 none, 1 for, 2 against, 3 abstain. */
  votes: Uint8Array;
  /** Resolved chains (DelegationGraph.resolveChains). */
  chains: Int32Array;
  depth: number;
  n: number;
  /** Optional: 1 for accounts counted as malicious, to split the tally by who cast the weight. */
  malicious?: Uint8Array;
  /** Optional: index of the account that cast each account's weight (-1: not cast). */
  casterOut?: Int32Array;
}

export interface Tally {
  for: number;
  against: number;
  abstain: number;
  /** The same three totals restricted to weight cast by malicious accounts. */
  maliciousFor: number;
  maliciousAgainst: number;
  maliciousAbstain: number;
}

/** Tallies direct votes with liquid delegation: each weight goes to the first voter on its chain. */
export function tallyVotes(input: TallyInput): Tally {
  const { weights, votes, chains, depth, n, malicious, casterOut } = input;
  const totals = [0, 0, 0, 0];
  const mal = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    let caster = -1;
    if ((votes[i] as number) !== 0) caster = i;
    else {
      const base = i * depth;
      for (let k = 0; k < depth; k++) {
        const d = chains[base + k] as number;
        if (d < 0) break;
        if ((votes[d] as number) !== 0) {
          caster = d;
          break;
        }
      }
    }
    if (casterOut !== undefined) casterOut[i] = caster;
    if (caster < 0 || w === 0) continue;
    const v = votes[caster] as number;
    totals[v] = (totals[v] as number) + w;
    if (malicious !== undefined && (malicious[caster] as number) === 1) mal[v] = (mal[v] as number) + w;
  }
  return {
    for: totals[1] as number,
    against: totals[2] as number,
    abstain: totals[3] as number,
    maliciousFor: mal[1] as number,
    maliciousAgainst: mal[2] as number,
    maliciousAbstain: mal[3] as number,
  };
}
