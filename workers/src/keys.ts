/**
 * The worker's signing key: from an encrypted keystore (Web3 Secret Storage v3, the format geth,
 * Foundry's `cast wallet` and MetaMask exports use; decrypted with ethers) or from an environment
 * variable. The key is never logged: errors name where it was looked for, not what was found.
 */
import { readFileSync } from "node:fs";
import { decryptKeystoreJson, encryptKeystoreJson } from "ethers";
import type { Hex, PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";

export class KeyNotFoundError extends Error {
  override name = "KeyNotFoundError";
}

export class KeystoreError extends Error {
  override name = "KeystoreError";
}

const HEX_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export interface KeySource {
  readonly env: string;
  readonly keystore?: string;
  readonly passwordEnv: string;
}

/** Loads the account the worker signs with. */
export async function loadAccount(source: KeySource, env: NodeJS.ProcessEnv = process.env): Promise<PrivateKeyAccount> {
  if (source.keystore) {
    const password = env[source.passwordEnv];
    if (password === undefined)
      throw new KeyNotFoundError(
        `keystore ${source.keystore} needs its password in the environment variable ${source.passwordEnv}`,
      );
    let json: string;
    try {
      json = readFileSync(source.keystore, "utf8");
    } catch (e) {
      throw new KeystoreError(`cannot read keystore ${source.keystore}: ${(e as Error).message}`);
    }
    try {
      const decrypted = await decryptKeystoreJson(json, password);
      return privateKeyToAccount(decrypted.privateKey as Hex);
    } catch {
      throw new KeystoreError(`cannot decrypt keystore ${source.keystore}: wrong password or not a v3 keystore`);
    }
  }
  const raw = env[source.env];
  if (!raw)
    throw new KeyNotFoundError(`no signing key: set ${source.env} (a hex private key) or key.keystore in the config`);
  if (!HEX_KEY.test(raw.trim())) throw new KeyNotFoundError(`${source.env} is not a 32-byte hex private key`);
  const key = (raw.trim().startsWith("0x") ? raw.trim() : `0x${raw.trim()}`) as Hex;
  return privateKeyToAccount(key);
}

/** Encrypts a key into a v3 keystore JSON (for `aos worker keystore`). */
export async function encryptKey(privateKey: Hex, password: string): Promise<string> {
  const account = privateKeyToAccount(privateKey);
  return encryptKeystoreJson({ address: account.address, privateKey }, password);
}
