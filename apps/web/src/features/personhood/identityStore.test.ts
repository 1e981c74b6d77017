import { Identity } from "@semaphore-protocol/identity";
import { beforeEach, describe, expect, it } from "vitest";
import {
  BACKUP_FORMAT,
  backupFile,
  createIdentity,
  demoIdentity,
  forgetIdentity,
  IdentityError,
  loadIdentity,
  nullifierFor,
  parseBackup,
  prepareRestore,
  STORAGE_KEY,
  saveIdentity,
} from "./identityStore";

beforeEach(() => localStorage.clear());

describe("identity store", () => {
  it("creates an identity, keeps it in localStorage and reads it back", async () => {
    expect(loadIdentity()).toBeNull();
    const created = await createIdentity();
    expect(created.commitment).toMatch(/^[0-9]+$/);
    expect(Identity.import(created.privateKey).commitment.toString()).toBe(created.commitment);
    expect(loadIdentity()).toEqual(created);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}").commitment).toBe(created.commitment);
  });

  it("exports a backup with the key, the commitment and a warning, and restores from it", async () => {
    const created = await createIdentity();
    const { filename, text } = backupFile(created);
    expect(filename).toMatch(/^aos-identity-\d+\.json$/);
    const body = JSON.parse(text);
    expect(body.format).toBe(BACKUP_FORMAT);
    expect(body.privateKey).toBe(created.privateKey);
    expect(body.warning).toMatch(/private key/);
    forgetIdentity();
    const restored = await prepareRestore(text);
    expect(restored.commitment).toBe(created.commitment);
    // Not saved until the caller decides.
    expect(loadIdentity()).toBeNull();
    saveIdentity(restored);
    expect(loadIdentity()?.commitment).toBe(created.commitment);
  });

  it("restores from a pasted key alone", async () => {
    const identity = new Identity();
    const restored = await prepareRestore(`  ${identity.export()}\n`);
    expect(restored.commitment).toBe(identity.commitment.toString());
  });

  it.each([
    ["", "EmptyBackup"],
    ["   ", "EmptyBackup"],
    ["{not json", "NotABackup"],
    [JSON.stringify({ hello: "world" }), "NotABackup"],
    [JSON.stringify({ format: BACKUP_FORMAT }), "NotABackup"],
    ["this is not base64!", "InvalidKey"],
    ["QUJD", "InvalidKey"],
    [JSON.stringify({ format: BACKUP_FORMAT, privateKey: "%%%" }), "InvalidKey"],
  ])("names what is wrong with a bad backup %j", async (text, name) => {
    await expect(prepareRestore(text)).rejects.toMatchObject({ name });
    expect(() => parseBackup(text)).toThrow(IdentityError);
  });

  it("refuses a backup whose key does not give its commitment", async () => {
    const a = new Identity();
    const text = JSON.stringify({ format: BACKUP_FORMAT, privateKey: a.export(), commitment: "12345" });
    await expect(prepareRestore(text)).rejects.toMatchObject({ name: "BackupMismatch" });
  });

  it("a failed restore leaves the stored identity untouched", async () => {
    const created = await createIdentity();
    await expect(prepareRestore("garbage!")).rejects.toBeInstanceOf(IdentityError);
    expect(loadIdentity()?.commitment).toBe(created.commitment);
  });

  it("forgets the identity", async () => {
    await createIdentity();
    forgetIdentity();
    expect(loadIdentity()).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("treats an unreadable stored record as no identity without deleting it", () => {
    localStorage.setItem(STORAGE_KEY, "{broken");
    expect(loadIdentity()).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBe("{broken");
  });

  it("gives the seeded demo identities the local chain's group holds", async () => {
    const alice = await demoIdentity("aos-demo-human-alice");
    expect(alice.commitment).toBe("16259352394373982556415889806065728066114846759320895717925436649618792623699");
    expect(alice.source).toBe("demo");
  });

  it("computes the nullifier a proof in a scope will carry", async () => {
    const alice = await demoIdentity("aos-demo-human-alice");
    // Checked against a real proof of this identity for scope 12345 (@semaphore-protocol/proof).
    expect(await nullifierFor(alice.privateKey, 12345n)).toBe(
      15029490291588766294799571195451979018008177113336131244382810083385406337564n,
    );
  });
});
