import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DelegationGraph, tallyVotes } from "./delegation.ts";

const FOR = 1;
const AGAINST = 2;

describe("DelegationGraph", () => {
  test("rejects self-delegation and a cycle through several hops", () => {
    const g = new DelegationGraph(10, 4);
    assert.equal(g.delegate(0, 0, 0), "self");
    assert.equal(g.delegate(0, 1, 0), "ok");
    assert.equal(g.delegate(1, 2, 0), "ok");
    assert.equal(g.delegate(2, 3, 0), "ok");
    assert.equal(g.delegate(3, 0, 0), "cycle");
    assert.equal(g.delegate(1, 0, 0), "cycle");
    assert.equal(g.delegateOf(3, 0), -1, "a rejected write changes nothing");
  });

  test("keeps every chain within maxDepth hops, counting delegators below and delegates above", () => {
    const g = new DelegationGraph(10, 4);
    for (let i = 0; i < 4; i++) assert.equal(g.delegate(i, i + 1, 0), "ok"); // 0->1->2->3->4: 4 hops
    assert.equal(g.delegate(4, 5, 0), "depth", "would make 0's chain 5 hops");
    assert.equal(g.delegate(9, 0, 0), "depth", "a new delegator below the longest chain");
    assert.equal(g.delegate(9, 1, 0), "ok", "9->1->2->3->4 is 4 hops");
    const chains = g.resolveChains(10, 0);
    assert.deepEqual([...chains.subarray(0, 4)], [1, 2, 3, 4]);
  });

  test("revocation and expiry remove an edge", () => {
    const g = new DelegationGraph(4, 4);
    assert.equal(g.delegate(0, 1, 0, 100), "ok");
    assert.equal(g.delegateOf(0, 99), 1);
    assert.equal(g.delegateOf(0, 100), -1, "expired at its expiry time");
    assert.equal(g.delegate(1, 0, 150), "ok", "an expired edge does not make a cycle");
    assert.ok(g.revoke(1));
    assert.equal(g.delegateOf(1, 150), -1);
    assert.equal(g.delegate(2, 3, 10, 5), "expired");
  });

  test("a re-delegation replaces the old delegate", () => {
    const g = new DelegationGraph(4, 4);
    g.delegate(0, 1, 0);
    g.delegate(0, 2, 0);
    assert.equal(g.delegateOf(0, 0), 2);
    assert.deepEqual(g.edges(4, 0), [[0, 2, Number.POSITIVE_INFINITY]]);
  });
});

describe("tallyVotes", () => {
  // 0 -> 1 -> 2 -> 3 (3 is the end of the chain), 4 independent.
  function setup() {
    const g = new DelegationGraph(5, 4);
    g.delegate(0, 1, 0);
    g.delegate(1, 2, 0);
    g.delegate(2, 3, 0);
    return { chains: g.resolveChains(5, 0), weights: new Float64Array([1, 2, 4, 8, 16]) };
  }

  test("weight flows to the end of the chain when only it votes", () => {
    const { chains, weights } = setup();
    const votes = new Uint8Array([0, 0, 0, FOR, 0]);
    const t = tallyVotes({ weights, votes, chains, depth: 4, n: 5 });
    assert.equal(t.for, 15);
    assert.equal(t.against, 0);
  });

  test("a direct vote overrides the delegates at any depth", () => {
    const { chains, weights } = setup();
    // 1 votes against: 0 and 1 go against, 2 and 3 stay with 3's vote.
    const votes = new Uint8Array([0, AGAINST, 0, FOR, 0]);
    const caster = new Int32Array(5);
    const t = tallyVotes({ weights, votes, chains, depth: 4, n: 5, casterOut: caster });
    assert.equal(t.against, 3);
    assert.equal(t.for, 12);
    assert.deepEqual([...caster], [1, 1, 3, 3, -1]);
    // 0 itself votes for: overrides 1 (depth 1) and 3 (depth 3).
    votes[0] = FOR;
    const t2 = tallyVotes({ weights, votes, chains, depth: 4, n: 5 });
    assert.equal(t2.for, 13);
    assert.equal(t2.against, 2);
  });

  test("never counts more weight than the accounts behind it, and splits malicious casters", () => {
    const { chains, weights } = setup();
    const votes = new Uint8Array([FOR, AGAINST, FOR, AGAINST, FOR]);
    const malicious = new Uint8Array([0, 0, 0, 1, 0]);
    const t = tallyVotes({ weights, votes, chains, depth: 4, n: 5, malicious });
    assert.equal(t.for + t.against + t.abstain, 31);
    assert.equal(t.maliciousAgainst, 8);
    assert.equal(t.maliciousFor, 0);
  });
});
