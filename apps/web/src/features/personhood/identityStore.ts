"use client";
/**
 * The Semaphore identity of this browser, kept in localStorage: created here, exported as a
 * backup file, restored from one (or from a pasted key), forgotten on request.
 *
 * Only the exported private key and the public commitment are stored. The Semaphore library is
 * loaded when a key must be turned into a commitment or a nullifier, so pages that only show the
 * commitment do not carry it in their first load.
 */
import { useSyncExternalStore } from "react";
import { keccak256, toHex } from "viem";

export const STORAGE_KEY = "aos.semaphore-identity.v1";
export const BACKUP_FORMAT = "aos-semaphore-identity";

export type StoredIdentity = {
  version: 1;
  /** The identity's private key as Semaphore exports it (base64). Secret. */
  privateKey: string;
  /** The public identity commitment, in decimal: what a registrar adds to the group. */
  commitment: string;
  createdAt: string;
  source: "created" | "restored" | "demo";
};

export type IdentityErrorName = "EmptyBackup" | "NotABackup" | "InvalidKey" | "BackupMismatch" | "StorageUnavailable";

export class IdentityError extends Error {
  override readonly name: IdentityErrorName;
  constructor(name: IdentityErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

/** The demo humans the local chain's seed adds to the group (scripts/seed.ts, DEMO_HUMANS). */
export const DEMO_HUMANS = ["aos-demo-human-alice", "aos-demo-human-carol", "aos-demo-human-erin"] as const;

const listeners = new Set<() => void>();

function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

function notify() {
  for (const listener of listeners) listener();
}

function isStoredIdentity(value: unknown): value is StoredIdentity {
  const v = value as StoredIdentity | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.version === 1 &&
    typeof v.privateKey === "string" &&
    typeof v.commitment === "string" &&
    /^[0-9]+$/.test(v.commitment)
  );
}

let cachedRaw: string | null | undefined;
let cachedValue: StoredIdentity | null = null;

/** The identity kept in this browser, or null (also for a record this version cannot read). */
export function loadIdentity(): StoredIdentity | null {
  const raw = storage()?.getItem(STORAGE_KEY) ?? null;
  if (raw === cachedRaw) return cachedValue;
  cachedRaw = raw;
  cachedValue = null;
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isStoredIdentity(parsed)) cachedValue = parsed;
    } catch {
      // An unreadable record counts as none; nothing is deleted.
    }
  }
  return cachedValue;
}

/** Keeps this identity in the browser, replacing any other. */
export function saveIdentity(identity: StoredIdentity): StoredIdentity {
  const store = storage();
  if (!store)
    throw new IdentityError("StorageUnavailable", "This browser does not let the app keep data (localStorage).");
  store.setItem(STORAGE_KEY, JSON.stringify(identity));
  notify();
  return identity;
}

/** Removes the identity from this browser. Without a backup it is gone for good. */
export function forgetIdentity(): void {
  storage()?.removeItem(STORAGE_KEY);
  notify();
}

async function semaphoreIdentity() {
  return (await import("@semaphore-protocol/identity")).Identity;
}

/** A new random identity, kept in this browser. */
export async function createIdentity(): Promise<StoredIdentity> {
  const Identity = await semaphoreIdentity();
  const identity = new Identity();
  return saveIdentity({
    version: 1,
    privateKey: identity.export(),
    commitment: identity.commitment.toString(),
    createdAt: new Date().toISOString(),
    source: "created",
  });
}

/** One of the local chain's seeded demo humans (never offered on a real network). */
export async function demoIdentity(seed: string): Promise<StoredIdentity> {
  const Identity = await semaphoreIdentity();
  const identity = new Identity(`aos-personhood:${seed}`);
  return {
    version: 1,
    privateKey: identity.export(),
    commitment: identity.commitment.toString(),
    createdAt: new Date().toISOString(),
    source: "demo",
  };
}

/** The backup file's contents: the key, its commitment and a warning, as pretty JSON. */
export function backupFile(identity: StoredIdentity): { filename: string; text: string } {
  const body = {
    format: BACKUP_FORMAT,
    version: 1,
    warning:
      "This file holds the private key of your Semaphore identity. Anyone who has it can prove to be you (vote and veto as you) and link your anonymous actions. Keep it offline and never share it.",
    commitment: identity.commitment,
    privateKey: identity.privateKey,
    exportedAt: new Date().toISOString(),
  };
  return {
    filename: `aos-identity-${identity.commitment.slice(0, 8)}.json`,
    text: `${JSON.stringify(body, null, 2)}\n`,
  };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checkKey(key: string): string {
  const trimmed = key.trim();
  if (!BASE64.test(trimmed) || trimmed.length % 4 !== 0) {
    throw new IdentityError("InvalidKey", "The private key is not valid base64 text (as “Export backup” writes it).");
  }
  const bytes = Math.floor((trimmed.length * 3) / 4) - (trimmed.endsWith("==") ? 2 : trimmed.endsWith("=") ? 1 : 0);
  if (bytes < 16 || bytes > 512) {
    throw new IdentityError(
      "InvalidKey",
      `The private key is ${bytes} bytes long: too ${bytes < 16 ? "short" : "long"} to be one.`,
    );
  }
  return trimmed;
}

/** The key (and the commitment it should give, if the backup says) in a backup file or a pasted key. */
export function parseBackup(text: string): { privateKey: string; commitment?: string } {
  const trimmed = text.trim();
  if (!trimmed)
    throw new IdentityError(
      "EmptyBackup",
      "The backup is empty: choose the file “Export backup” saved, or paste its key.",
    );
  if (trimmed.startsWith("{")) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      throw new IdentityError("NotABackup", "This is not a valid JSON backup file.");
    }
    if (parsed.format !== BACKUP_FORMAT || typeof parsed.privateKey !== "string") {
      throw new IdentityError("NotABackup", "This JSON file is not an AOS identity backup (no format or private key).");
    }
    const commitment = typeof parsed.commitment === "string" ? parsed.commitment : undefined;
    return { privateKey: checkKey(parsed.privateKey), commitment };
  }
  return { privateKey: checkKey(trimmed) };
}

/**
 * The identity a backup holds, checked but not yet saved (the caller confirms before replacing a
 * different identity).
 */
export async function prepareRestore(text: string): Promise<StoredIdentity> {
  const { privateKey, commitment } = parseBackup(text);
  const Identity = await semaphoreIdentity();
  let actual: string;
  try {
    actual = Identity.import(privateKey).commitment.toString();
  } catch {
    throw new IdentityError("InvalidKey", "The private key could not be read as a Semaphore identity.");
  }
  if (commitment !== undefined && commitment !== actual) {
    throw new IdentityError(
      "BackupMismatch",
      "The backup's key does not give the commitment written next to it: the file was altered or damaged.",
    );
  }
  return { version: 1, privateKey, commitment: actual, createdAt: new Date().toISOString(), source: "restored" };
}

/** Semaphore's hash of a scope or message into the SNARK field: keccak256(uint256) >> 8. */
export function snarkHash(value: bigint): bigint {
  return BigInt(keccak256(toHex(value, { size: 32 }))) >> 8n;
}

/**
 * The nullifier this identity's proof for `scope` will carry: Poseidon(hash(scope), secret). It
 * tells whether this identity has already voted or vetoed in that scope, before proving.
 */
export async function nullifierFor(privateKey: string, scope: bigint): Promise<bigint> {
  const [Identity, { poseidon2 }] = await Promise.all([semaphoreIdentity(), import("poseidon-lite/poseidon2")]);
  return poseidon2([snarkHash(scope), Identity.import(privateKey).secretScalar]);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/**
 * The identity of this browser, live (another tab's change shows too). `undefined` while the page
 * renders on the server or before hydration reads the storage.
 */
export function useIdentity(): StoredIdentity | null | undefined {
  return useSyncExternalStore(subscribe, loadIdentity, () => undefined);
}
