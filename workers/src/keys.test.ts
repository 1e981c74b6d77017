/**
 * The worker's signing key: read from an environment variable or decrypted from a v3 keystore,
 * with errors that name where the key was looked for and never contain the key or the password;
 * and the logger's redaction of fields that could hold a secret.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { encryptKeystoreJson } from "ethers";
import type { Hex } from "viem";
import { encryptKey, KeyNotFoundError, KeystoreError, loadAccount } from "./keys.ts";
import { createLogger } from "./log.ts";

/** Hardhat's development account #1: a key known to everyone, fine for tests. */
const KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BARE_KEY = KEY.slice(2);

const dir = mkdtempSync(join(tmpdir(), "aos-keys-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ENV_SOURCE = { env: "TEST_WORKER_KEY", passwordEnv: "TEST_KEYSTORE_PASSWORD" } as const;

/** Awaits a rejection and returns the error, checking its class. */
async function rejection<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof kind, `expected ${kind.name}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${kind.name}`);
}

/** A keystore for KEY with a low scrypt cost (fast to decrypt in tests). */
async function writeKeystore(name: string, password: string): Promise<string> {
  const json = await encryptKeystoreJson({ address: ADDRESS, privateKey: KEY }, password, { scrypt: { N: 1024 } });
  const path = join(dir, name);
  writeFileSync(path, json);
  return path;
}

describe("key from the environment", () => {
  test("a 0x-prefixed hex key gives its account", async () => {
    const account = await loadAccount(ENV_SOURCE, { TEST_WORKER_KEY: KEY });
    assert.equal(account.address, ADDRESS);
  });

  test("a key without 0x, with surrounding whitespace, is accepted", async () => {
    const account = await loadAccount(ENV_SOURCE, { TEST_WORKER_KEY: `  ${BARE_KEY.toUpperCase()}\n` });
    assert.equal(account.address, ADDRESS);
  });

  test("a missing key names the variable to set", async () => {
    const e = await rejection(loadAccount(ENV_SOURCE, {}), KeyNotFoundError);
    assert.equal(e.name, "KeyNotFoundError");
    assert.match(e.message, /TEST_WORKER_KEY/);
    assert.match(e.message, /key\.keystore/);
    const empty = await rejection(loadAccount(ENV_SOURCE, { TEST_WORKER_KEY: "" }), KeyNotFoundError);
    assert.match(empty.message, /TEST_WORKER_KEY/);
  });

  for (const [what, bad] of [
    ["one hex digit short", KEY.slice(0, -1)],
    ["one hex digit too many", `${KEY}0`],
    ["a non-hex digit", `${KEY.slice(0, 40)}g${KEY.slice(41)}`],
    ["a mnemonic", "test test test test test test test test test test test junk"],
  ] as const)
    test(`a malformed key (${what}) gives a named error without the key material`, async () => {
      const e = await rejection(loadAccount(ENV_SOURCE, { TEST_WORKER_KEY: bad }), KeyNotFoundError);
      assert.equal(e.message, "TEST_WORKER_KEY is not a 32-byte hex private key");
      const text = `${e.message}\n${e.stack ?? ""}`;
      assert.ok(!text.includes(bad), "the error must not contain the value");
      // Not even a long piece of it.
      for (let i = 0; i + 12 <= bad.length; i++) assert.ok(!text.includes(bad.slice(i, i + 12)));
    });
});

describe("key from a v3 keystore", () => {
  test("decrypts with the password from the configured variable", async () => {
    const keystore = await writeKeystore("good.json", "correct horse");
    const account = await loadAccount(
      { env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" },
      { MY_PASSWORD: "correct horse" },
    );
    assert.equal(account.address, ADDRESS);
  });

  test("the keystore wins over a key in the environment", async () => {
    const keystore = await writeKeystore("wins.json", "pw");
    const otherKey = `0x${"11".repeat(32)}`;
    const account = await loadAccount(
      { env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" },
      { MY_PASSWORD: "pw", TEST_WORKER_KEY: otherKey },
    );
    assert.equal(account.address, ADDRESS);
  });

  test("a wrong password gives a KeystoreError naming the file, not the password", async () => {
    const keystore = await writeKeystore("wrong.json", "correct horse");
    const e = await rejection(
      loadAccount({ env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" }, { MY_PASSWORD: "battery staple" }),
      KeystoreError,
    );
    assert.equal(e.name, "KeystoreError");
    assert.ok(e.message.includes(keystore), e.message);
    assert.match(e.message, /wrong password/);
    assert.ok(!e.message.includes("battery staple"));
    assert.ok(!e.message.includes("correct horse"));
    assert.ok(!e.message.includes(BARE_KEY));
  });

  test("a missing password names the variable it is expected in", async () => {
    const keystore = await writeKeystore("nopw.json", "correct horse");
    const e = await rejection(
      loadAccount({ env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" }, { TEST_WORKER_KEY: KEY }),
      KeyNotFoundError,
    );
    assert.match(e.message, /MY_PASSWORD/);
    assert.ok(e.message.includes(keystore));
    assert.ok(!e.message.includes(BARE_KEY));
  });

  test("an empty password is a password (a keystore may be encrypted with one)", async () => {
    const keystore = await writeKeystore("emptypw.json", "");
    const account = await loadAccount(
      { env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" },
      { MY_PASSWORD: "" },
    );
    assert.equal(account.address, ADDRESS);
  });

  test("a missing keystore file is named", async () => {
    const keystore = join(dir, "absent.json");
    const e = await rejection(
      loadAccount({ env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" }, { MY_PASSWORD: "pw" }),
      KeystoreError,
    );
    assert.ok(e.message.includes(`cannot read keystore ${keystore}`), e.message);
  });

  test("a file that is not a keystore is named", async () => {
    const keystore = join(dir, "not-a-keystore.json");
    writeFileSync(keystore, JSON.stringify({ hello: "world" }));
    const e = await rejection(
      loadAccount({ env: "TEST_WORKER_KEY", keystore, passwordEnv: "MY_PASSWORD" }, { MY_PASSWORD: "pw" }),
      KeystoreError,
    );
    assert.ok(e.message.includes(keystore));
    assert.match(e.message, /not a v3 keystore/);
  });

  test("encryptKey writes a v3 keystore that loadAccount decrypts back to the key", async () => {
    const json = await encryptKey(KEY, "round trip");
    const parsed = JSON.parse(json) as { version: number; address: string };
    assert.equal(parsed.version, 3);
    assert.equal(parsed.address.toLowerCase(), ADDRESS.slice(2).toLowerCase());
    assert.ok(!json.includes(BARE_KEY), "the keystore must not hold the key in clear");
    const path = join(dir, "roundtrip.json");
    writeFileSync(path, json);
    const account = await loadAccount({ env: "X", keystore: path, passwordEnv: "P" }, { P: "round trip" });
    assert.equal(account.address, ADDRESS);
  });
});

describe("logger", () => {
  test("redacts key, privateKey, apiKey and password fields", async () => {
    const file = join(dir, "logs", "worker.log");
    const log = createLogger({ level: "info", name: "keys-test", file });
    log.info(
      {
        key: KEY,
        privateKey: KEY,
        apiKey: "sk-top-secret-1",
        password: "hunter2-top",
        wallet: { key: KEY, privateKey: KEY },
        llm: { apiKey: "sk-top-secret-2" },
        address: ADDRESS,
      },
      "started",
    );
    // The destination opens the file asynchronously: flush until the line is there.
    let text = "";
    for (let i = 0; i < 200 && !text.endsWith("\n"); i++) {
      await new Promise<void>((resolve) => log.flush(() => resolve()));
      if (existsSync(file)) text = readFileSync(file, "utf8");
      if (!text.endsWith("\n")) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(text.endsWith("\n"), "the log line was written");
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    assert.equal(line.msg, "started");
    assert.equal(line.component, "keys-test");
    assert.equal(line.address, ADDRESS, "other fields are kept");
    assert.equal(line.key, "[secret]");
    assert.equal(line.privateKey, "[secret]");
    assert.equal(line.apiKey, "[secret]");
    assert.equal(line.password, "[secret]");
    assert.deepEqual(line.wallet, { key: "[secret]", privateKey: "[secret]" });
    assert.deepEqual(line.llm, { apiKey: "[secret]" });
    assert.ok(!text.includes(BARE_KEY));
    assert.ok(!text.includes("sk-top-secret"));
    assert.ok(!text.includes("hunter2"));
  });
});
