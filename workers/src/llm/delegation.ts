/**
 * Delegation messages (001, section 4.3): an agent asks a service to do part of its task within a
 * budget. The message is signed by the agent's key with EIP-712 (domain "AOS Delegation", version
 * "1", the chain id and the escrow as verifying contract) and verified on receipt: signer, chain,
 * freshness and shape, each failure with its own error.
 *
 * EIP-712 has no floating point, so `task.temperature` is signed as `temperatureMilli`
 * (thousandths, 0..2000); a temperature with more than three decimals is malformed. `budget.maxCost`
 * is a decimal string in USD, signed as a string, so no rounding can creep in.
 *
 * delegationId is the EIP-712 digest itself (keccak256 of "\x19\x01" ‖ domainSeparator ‖ hashStruct):
 * unique per message, chain and escrow, and exactly what was signed, so the id cannot be reused
 * for a different message.
 */
import { type Address, getAddress, type Hex, hashTypedData, isAddressEqual, recoverTypedDataAddress } from "viem";
import type { LocalAccount } from "viem/accounts";
import { z } from "zod";

export class DelegationSignatureError extends Error {
  override name = "DelegationSignatureError";
}
export class DelegationExpiredError extends Error {
  override name = "DelegationExpiredError";
}
export class DelegationStaleError extends Error {
  override name = "DelegationStaleError";
}
export class DelegationFromFutureError extends Error {
  override name = "DelegationFromFutureError";
}
export class MalformedDelegationError extends Error {
  override name = "MalformedDelegationError";
}

export interface DelegationMessage {
  fromAgent: Address;
  toService: string;
  task: { type: string; prompt: string; maxTokens: number; temperature: number };
  /** maxCost: decimal USD, e.g. "0.10". */
  budget: { maxCost: string; currency: string };
  timeoutMs: number;
  privacy: { allowLogging: boolean; stripPii: boolean };
  /** Where the result goes, e.g. "webrtc://peer/result" or an https URL. */
  callback: string;
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
  chainId: number;
}

export interface SignedDelegation {
  delegationId: Hex;
  message: DelegationMessage;
  signature: Hex;
}

export interface DelegationDomain {
  chainId: number;
  /** The TaskEscrow address. */
  verifyingContract: Address;
}

export interface VerifyDelegationOptions {
  domain: DelegationDomain;
  /** Unix seconds. */
  now: number;
  /** Oldest accepted issuedAt, relative to now. */
  maxAgeSeconds: number;
  /** How far issuedAt may lie ahead of now (clock skew). */
  maxFutureSkewSeconds: number;
}

export const DELEGATION_TYPES = {
  Delegation: [
    { name: "fromAgent", type: "address" },
    { name: "toService", type: "string" },
    { name: "task", type: "DelegatedTask" },
    { name: "budget", type: "Budget" },
    { name: "timeoutMs", type: "uint64" },
    { name: "privacy", type: "Privacy" },
    { name: "callback", type: "string" },
    { name: "issuedAt", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
    { name: "chainId", type: "uint256" },
  ],
  DelegatedTask: [
    { name: "type", type: "string" },
    { name: "prompt", type: "string" },
    { name: "maxTokens", type: "uint32" },
    { name: "temperatureMilli", type: "uint16" },
  ],
  Budget: [
    { name: "maxCost", type: "string" },
    { name: "currency", type: "string" },
  ],
  Privacy: [
    { name: "allowLogging", type: "bool" },
    { name: "stripPii", type: "bool" },
  ],
} as const;

const uint = (max: number) => z.int().min(0).max(max);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: "must be a 20-byte hex address" });
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, { error: "must be 0x-prefixed hex" });

const messageSchema = z.strictObject({
  fromAgent: address,
  toService: z.string().min(1).max(128),
  task: z.strictObject({
    type: z.string().min(1).max(64),
    prompt: z.string().max(400_000),
    maxTokens: uint(0xffff_ffff),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .refine((t) => Math.abs(Math.round(t * 1000) - t * 1000) < 1e-6, { error: "must have at most 3 decimals" }),
  }),
  budget: z.strictObject({
    maxCost: z.string().regex(/^\d{1,12}(\.\d{1,18})?$/, { error: 'must be a decimal string such as "0.10"' }),
    currency: z.string().regex(/^[A-Z]{3,8}$/, { error: 'must be a currency code such as "USD"' }),
  }),
  timeoutMs: uint(Number.MAX_SAFE_INTEGER),
  privacy: z.strictObject({ allowLogging: z.boolean(), stripPii: z.boolean() }),
  callback: z.string().min(1).max(2048),
  issuedAt: uint(Number.MAX_SAFE_INTEGER),
  expiresAt: uint(Number.MAX_SAFE_INTEGER),
  chainId: z.int().positive(),
});

const signedSchema = z.strictObject({
  delegationId: hex.length(66),
  message: messageSchema,
  signature: hex.min(4),
});

function parseMessage(value: unknown, where: string): DelegationMessage {
  const parsed = messageSchema.safeParse(value);
  if (!parsed.success) throw malformed(parsed.error.issues[0]!, where);
  const message = parsed.data as DelegationMessage;
  if (message.expiresAt <= message.issuedAt) {
    throw new MalformedDelegationError(`${where}.expiresAt must be later than issuedAt`);
  }
  return { ...message, fromAgent: getAddress(message.fromAgent) };
}

function malformed(issue: z.core.$ZodIssue, where: string): MalformedDelegationError {
  const field = issue.path.map(String).join(".");
  return new MalformedDelegationError(`${where}${field ? `.${field}` : ""}: ${issue.message}`);
}

function typedData(message: DelegationMessage, domain: DelegationDomain) {
  return {
    domain: {
      name: "AOS Delegation",
      version: "1",
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    types: DELEGATION_TYPES,
    primaryType: "Delegation" as const,
    message: {
      fromAgent: message.fromAgent,
      toService: message.toService,
      task: {
        type: message.task.type,
        prompt: message.task.prompt,
        maxTokens: message.task.maxTokens,
        temperatureMilli: Math.round(message.task.temperature * 1000),
      },
      budget: message.budget,
      timeoutMs: BigInt(message.timeoutMs),
      privacy: message.privacy,
      callback: message.callback,
      issuedAt: BigInt(message.issuedAt),
      expiresAt: BigInt(message.expiresAt),
      chainId: BigInt(message.chainId),
    },
  };
}

/** The delegation's id: its EIP-712 digest. */
export function delegationIdOf(message: DelegationMessage, domain: DelegationDomain): Hex {
  return hashTypedData(typedData(message, domain));
}

/** Signs a delegation with the agent's key; the account must be the message's fromAgent. */
export async function signDelegation(
  account: Pick<LocalAccount, "address" | "signTypedData">,
  message: DelegationMessage,
  domain: DelegationDomain,
): Promise<SignedDelegation> {
  const checked = parseMessage(message, "delegation");
  if (!isAddressEqual(account.address, checked.fromAgent)) {
    throw new MalformedDelegationError(
      `delegation.fromAgent is ${checked.fromAgent} but the signing account is ${account.address}: sign with the agent's own key`,
    );
  }
  if (checked.chainId !== domain.chainId) {
    throw new MalformedDelegationError(
      `delegation.chainId ${checked.chainId} differs from the domain's ${domain.chainId}`,
    );
  }
  const data = typedData(checked, domain);
  const signature = await account.signTypedData(data);
  return { delegationId: hashTypedData(data), message: checked, signature };
}

/**
 * Checks a received delegation: shape, chain, signer (must be fromAgent), id, then time. Returns
 * the message (fromAgent checksummed) and its id; throws the named error of the first failure.
 */
export async function verifyDelegation(
  signed: unknown,
  options: VerifyDelegationOptions,
): Promise<{ delegationId: Hex; message: DelegationMessage }> {
  const parsed = signedSchema.safeParse(signed);
  if (!parsed.success) throw malformed(parsed.error.issues[0]!, "delegation");
  const message = parseMessage(parsed.data.message, "delegation.message");
  const { domain, now } = options;
  if (message.chainId !== domain.chainId) {
    throw new MalformedDelegationError(
      `delegation.message.chainId ${message.chainId} is not this chain (${domain.chainId}): it was meant for another network`,
    );
  }
  const data = typedData(message, domain);
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({ ...data, signature: parsed.data.signature as Hex });
  } catch (error) {
    throw new DelegationSignatureError(
      `delegation signature cannot be read (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    );
  }
  if (!isAddressEqual(signer, message.fromAgent)) {
    throw new DelegationSignatureError(
      `delegation claims to come from ${message.fromAgent} but is signed by ${signer}: the message was altered or signed with another key`,
    );
  }
  const delegationId = hashTypedData(data);
  if (delegationId !== parsed.data.delegationId.toLowerCase()) {
    throw new MalformedDelegationError(`delegation.delegationId must be the EIP-712 digest ${delegationId}`);
  }
  if (message.issuedAt > now + options.maxFutureSkewSeconds) {
    throw new DelegationFromFutureError(
      `delegation issued at ${message.issuedAt}, ${message.issuedAt - now} s in the future (allowed skew ${options.maxFutureSkewSeconds} s): check the sender's clock`,
    );
  }
  if (message.expiresAt <= now) {
    throw new DelegationExpiredError(`delegation expired at ${message.expiresAt} (now ${now}): ask for a new one`);
  }
  if (now - message.issuedAt > options.maxAgeSeconds) {
    throw new DelegationStaleError(
      `delegation issued at ${message.issuedAt} is ${now - message.issuedAt} s old (at most ${options.maxAgeSeconds} s): ask for a new one`,
    );
  }
  return { delegationId, message };
}
