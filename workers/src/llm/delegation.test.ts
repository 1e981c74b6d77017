import assert from "node:assert/strict";
import { test } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  DelegationExpiredError,
  DelegationFromFutureError,
  type DelegationMessage,
  DelegationSignatureError,
  DelegationStaleError,
  delegationIdOf,
  MalformedDelegationError,
  signDelegation,
  verifyDelegation,
} from "./delegation.ts";

const agent = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());
const domain = { chainId: 31337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const };
const now = 1_750_000_000;
const message: DelegationMessage = {
  fromAgent: agent.address,
  toService: "claude-opus",
  task: {
    type: "complex_reasoning",
    prompt: "Analyze the legal implications of...",
    maxTokens: 4000,
    temperature: 0.3,
  },
  budget: { maxCost: "0.10", currency: "USD" },
  timeoutMs: 60_000,
  privacy: { allowLogging: false, stripPii: true },
  callback: "webrtc://peer_id/result_channel",
  issuedAt: now,
  expiresAt: now + 300,
  chainId: 31337,
};
const options = { domain, now: now + 10, maxAgeSeconds: 120, maxFutureSkewSeconds: 30 };

test("a signed delegation verifies, survives JSON, and its id is its EIP-712 digest", async () => {
  const signed = await signDelegation(agent, message, domain);
  assert.equal(signed.delegationId, delegationIdOf(message, domain));
  const received = JSON.parse(JSON.stringify(signed));
  const verified = await verifyDelegation(received, options);
  assert.deepEqual(verified, { delegationId: signed.delegationId, message });
  // Another escrow or chain gives another id.
  assert.notEqual(delegationIdOf(message, { ...domain, verifyingContract: stranger.address }), signed.delegationId);
});

test("a delegation signed by another key than fromAgent is refused", async () => {
  const forged = await signDelegation(stranger, { ...message, fromAgent: stranger.address }, domain);
  const claimed = { ...forged, message: { ...forged.message, fromAgent: agent.address } };
  await assert.rejects(verifyDelegation(claimed, options), DelegationSignatureError);
  await assert.rejects(signDelegation(stranger, message, domain), MalformedDelegationError);
  const signed = await signDelegation(agent, message, domain);
  await assert.rejects(verifyDelegation({ ...signed, signature: "0x1234" }, options), DelegationSignatureError);
});

test("a tampered field breaks the signature", async () => {
  const signed = await signDelegation(agent, message, domain);
  const tamperings: DelegationMessage[] = [
    { ...signed.message, budget: { ...signed.message.budget, maxCost: "10.00" } },
    { ...signed.message, toService: "gpt-4o" },
    { ...signed.message, task: { ...signed.message.task, temperature: 0.9 } },
    { ...signed.message, privacy: { allowLogging: true, stripPii: true } },
    { ...signed.message, expiresAt: signed.message.expiresAt + 3600 },
  ];
  for (const tampered of tamperings) {
    await assert.rejects(
      verifyDelegation({ ...signed, message: tampered }, options),
      (error: unknown) =>
        error instanceof DelegationSignatureError && /altered or signed with another key/.test(error.message),
    );
  }
  // A verifier on another escrow recovers another signer too.
  await assert.rejects(
    verifyDelegation(signed, { ...options, domain: { ...domain, verifyingContract: stranger.address } }),
    DelegationSignatureError,
  );
  // A correct signature with a wrong id is malformed.
  const wrongId = `0x${"ab".repeat(32)}`;
  await assert.rejects(verifyDelegation({ ...signed, delegationId: wrongId }, options), MalformedDelegationError);
});

test("stale, expired and future delegations are refused", async () => {
  const signed = await signDelegation(agent, message, domain);
  await assert.rejects(verifyDelegation(signed, { ...options, now: now + 121 }), DelegationStaleError);
  await assert.rejects(
    verifyDelegation(signed, { ...options, now: now + 300, maxAgeSeconds: 1000 }),
    DelegationExpiredError,
  );
  await assert.rejects(verifyDelegation(signed, { ...options, now: now - 31 }), DelegationFromFutureError);
  await verifyDelegation(signed, { ...options, now: now - 30 });
});

test("malformed delegations are refused naming the field", async () => {
  const signed = await signDelegation(agent, message, domain);
  await assert.rejects(verifyDelegation("hello", options), MalformedDelegationError);
  await assert.rejects(
    verifyDelegation({ ...signed, message: { ...signed.message, budget: { maxCost: 0.1, currency: "USD" } } }, options),
    (error: unknown) => error instanceof MalformedDelegationError && /message\.budget\.maxCost/.test(error.message),
  );
  await assert.rejects(
    verifyDelegation(signed, { ...options, domain: { ...domain, chainId: 1 } }),
    (error: unknown) => error instanceof MalformedDelegationError && /another network/.test(error.message),
  );
  await assert.rejects(
    signDelegation(agent, { ...message, task: { ...message.task, temperature: 0.12345 } }, domain),
    /task\.temperature/,
  );
  await assert.rejects(signDelegation(agent, { ...message, expiresAt: now }, domain), /expiresAt must be later/);
});
