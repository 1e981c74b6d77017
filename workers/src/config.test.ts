/**
 * Worker configuration: defaults, validation errors that name each bad setting, the order in which
 * layers (file, environment, flags) override each other, the AOS_* environment mapping, and the
 * config file reader's errors.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ConfigError, configFromEnv, loadConfig, mergeConfig, parseConfig, readConfigFile } from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "aos-config-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn`, expecting a ConfigError, and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    assert.equal(e.name, "ConfigError");
    assert.match(e.message, /^config: /);
    return e;
  }
  assert.fail("expected a ConfigError");
}

describe("parseConfig", () => {
  test("the defaults alone parse", () => {
    const config = parseConfig();
    assert.equal(config.chain.rpcUrl, "http://127.0.0.1:8545");
    assert.equal(config.chain.confirmations, 0);
    assert.equal(config.chain.pollIntervalMs, 250);
    assert.equal(config.chain.txConcurrency, 4);
    assert.equal(config.chain.startBlock, undefined);
    assert.equal(config.chain.addresses, undefined);
    assert.deepEqual(config.redis, { url: "redis://127.0.0.1:6379", prefix: "aos" });
    assert.deepEqual(config.key, { env: "AOS_WORKER_KEY", passwordEnv: "AOS_KEYSTORE_PASSWORD" });
    assert.deepEqual(config.profile.taskTypes, ["dcosSimulation", "llm"]);
    assert.deepEqual(config.profile.skills, []);
    assert.equal(config.profile.minPaymentEther, "0");
    assert.deepEqual(config.profile.tokens, {});
    assert.equal(config.profile.concurrency, 4);
    assert.deepEqual(config.profile.stake, { topUp: true, targetEther: "1" });
    assert.deepEqual(config.llm, { services: [], qualityThreshold: 0.6, timeoutMs: 60_000 });
    assert.deepEqual(config.store, { dir: ".aos/blocks", gateways: [] });
    assert.deepEqual(config.gateway, { host: "127.0.0.1", port: 8790 });
    assert.equal(config.verifier.sampleRate, 1);
    assert.equal(config.verifier.concurrency, 2);
    assert.equal(config.log.level, "info");
    assert.equal(config.log.file, undefined);
  });

  test("valid settings are taken over", () => {
    const vault = "0x00000000000000000000000000000000000000aa";
    const config = parseConfig({
      chain: {
        rpcUrl: "https://rpc.example.org/v1",
        confirmations: 3,
        startBlock: 12,
        addresses: { karmaRegistry: vault, stakingVault: vault, taskEscrow: vault, jury: vault },
      },
      profile: { concurrency: 8, skills: [1, 7], minPaymentEther: "0.01", tokens: { [vault]: "2.5" } },
      log: { level: "debug" },
    });
    assert.equal(config.chain.rpcUrl, "https://rpc.example.org/v1");
    assert.equal(config.chain.confirmations, 3);
    assert.equal(config.chain.startBlock, 12);
    assert.equal(config.chain.addresses?.stakingVault, vault);
    assert.equal(config.profile.concurrency, 8);
    assert.deepEqual(config.profile.skills, [1, 7]);
    assert.equal(config.profile.minPaymentEther, "0.01");
    assert.deepEqual(config.profile.tokens, { [vault]: "2.5" });
    assert.equal(config.log.level, "debug");
  });

  test("profile.concurrency below 1 is named", () => {
    const e = configError(() => parseConfig({ profile: { concurrency: 0 } }));
    assert.equal(e.issues.length, 1);
    assert.match(e.issues[0] ?? "", /^profile\.concurrency: /);
    assert.match(e.message, /profile\.concurrency/);
  });

  test("a non-integer or wrongly typed setting is named", () => {
    assert.match(configError(() => parseConfig({ profile: { concurrency: 1.5 } })).message, /profile\.concurrency/);
    assert.match(configError(() => parseConfig({ gateway: { port: "8790" } })).message, /gateway\.port/);
    assert.match(configError(() => parseConfig({ gateway: { port: 70_000 } })).message, /gateway\.port/);
  });

  test("chain.rpcUrl that is not a URL is named", () => {
    const e = configError(() => parseConfig({ chain: { rpcUrl: "not a url" } }));
    assert.match(e.message, /chain\.rpcUrl/);
  });

  test("redis.url that is not redis:// is named with the rule", () => {
    const e = configError(() => parseConfig({ redis: { url: "http://127.0.0.1:6379" } }));
    assert.match(e.message, /redis\.url: must be a redis:\/\/ or rediss:\/\/ URL/);
    assert.equal(
      parseConfig({ redis: { url: "rediss://cache.example.org:6380" } }).redis.url,
      "rediss://cache.example.org:6380",
    );
  });

  test("addresses and ether amounts are checked", () => {
    const e = configError(() =>
      parseConfig({
        chain: {
          rpcUrl: "http://127.0.0.1:8545",
          addresses: { karmaRegistry: "0x12", stakingVault: "0x12", taskEscrow: "0x12", jury: "0x12" },
        },
        profile: { minPaymentEther: "1e-3" },
      }),
    );
    assert.match(e.message, /chain\.addresses\.karmaRegistry: must be a 0x-prefixed 20-byte address/);
    assert.match(e.message, /chain\.addresses\.jury/);
    assert.match(e.message, /profile\.minPaymentEther: must be a decimal amount like 0\.01/);
  });

  test("an unknown key in a strict object is named with its parent", () => {
    const e = configError(() => parseConfig({ profile: { concurency: 4 } }));
    assert.equal(e.issues.length, 1);
    assert.match(e.issues[0] ?? "", /^profile: /);
    assert.match(e.message, /concurency/);
  });

  test("an unknown top-level section is reported at the root", () => {
    const e = configError(() => parseConfig({ chians: {} }));
    assert.match(e.message, /\(root\): .*chians/);
  });

  test("several bad settings are all named at once", () => {
    const e = configError(() =>
      parseConfig({
        chain: { rpcUrl: "nope", colour: "blue" },
        redis: { url: "memcached://x" },
        profile: { concurrency: 0, taskTypes: [] },
        verifier: { sampleRate: 2 },
      }),
    );
    for (const where of [
      "chain.rpcUrl",
      "chain:",
      "redis.url",
      "profile.concurrency",
      "profile.taskTypes",
      "verifier.sampleRate",
    ])
      assert.ok(e.message.includes(where), `${where} missing from: ${e.message}`);
    assert.match(e.message, /colour/);
    assert.ok(e.issues.length >= 6, `expected at least 6 issues, got ${e.issues.length}`);
    assert.equal(e.message, `config: ${e.issues.join("; ")}`);
  });
});

describe("layering", () => {
  test("mergeConfig: later layers win, objects merge deeply, arrays replace, undefined is skipped", () => {
    const merged = mergeConfig(
      { chain: { rpcUrl: "http://a", confirmations: 1 }, store: { gateways: ["http://g1", "http://g2"] } },
      { chain: { confirmations: 2 }, store: { gateways: ["http://g3"] } },
      { chain: { rpcUrl: undefined, pollIntervalMs: 50 } },
    );
    assert.deepEqual(merged, {
      chain: { rpcUrl: "http://a", confirmations: 2, pollIntervalMs: 50 },
      store: { gateways: ["http://g3"] },
    });
  });

  test("mergeConfig ignores layers that are not plain objects and does not mutate its inputs", () => {
    const first = { profile: { skills: [1], stake: { topUp: true } } };
    const second = { profile: { stake: { targetEther: "2" } } };
    const merged = mergeConfig(undefined, null, [1, 2], "text", first, second);
    assert.deepEqual(merged, { profile: { skills: [1], stake: { topUp: true, targetEther: "2" } } });
    assert.deepEqual(first, { profile: { skills: [1], stake: { topUp: true } } });
    assert.deepEqual(second, { profile: { stake: { targetEther: "2" } } });
  });

  test("a scalar replaces an object and an object replaces a scalar", () => {
    assert.deepEqual(mergeConfig({ a: { b: 1 } }, { a: 5 }), { a: 5 });
    assert.deepEqual(mergeConfig({ a: 5 }, { a: { b: 1 } }), { a: { b: 1 } });
  });

  test("parseConfig: defaults < file < environment < flags", () => {
    const file = {
      chain: { rpcUrl: "http://file:8545", confirmations: 2 },
      redis: { prefix: "fromfile" },
      profile: { concurrency: 2, taskTypes: ["llm", "dcosSimulation"] },
      store: { gateways: ["http://file-gw"] },
    };
    const env = configFromEnv({ AOS_RPC_URL: "http://env:8545", AOS_GATEWAYS: "http://env-gw" });
    const flags = { profile: { concurrency: 16 }, store: { gateways: [] } };
    const config = parseConfig(file, env, flags);
    assert.equal(config.chain.rpcUrl, "http://env:8545", "the environment overrides the file");
    assert.equal(config.chain.confirmations, 2, "the file's setting stays when later layers do not set it");
    assert.equal(config.redis.prefix, "fromfile");
    assert.equal(config.redis.url, "redis://127.0.0.1:6379", "a default stays when nothing overrides it");
    assert.equal(config.profile.concurrency, 16, "flags override the file");
    assert.deepEqual(config.profile.taskTypes, ["llm", "dcosSimulation"]);
    assert.deepEqual(config.store.gateways, [], "an array replaces rather than merges, even with an empty one");
  });

  test("an empty environment leaves the file's settings alone", () => {
    const file = {
      chain: { rpcUrl: "http://file:8545", confirmations: 5 },
      redis: { url: "redis://file:6379", prefix: "f" },
      store: { dir: "/data/blocks", gateways: ["http://file-gw"] },
      gateway: { port: 1234, host: "0.0.0.0" },
      log: { level: "warn" },
    };
    const config = parseConfig(file, configFromEnv({}));
    assert.equal(config.chain.rpcUrl, "http://file:8545");
    assert.equal(config.chain.confirmations, 5);
    assert.deepEqual(config.redis, { url: "redis://file:6379", prefix: "f" });
    assert.deepEqual(config.store, { dir: "/data/blocks", gateways: ["http://file-gw"] });
    assert.deepEqual(config.gateway, { port: 1234, host: "0.0.0.0" });
    assert.equal(config.log.level, "warn");
  });

  test("loadConfig reads the file, then the given environment, then overrides", () => {
    const path = join(dir, "layers.json");
    writeFileSync(path, JSON.stringify({ chain: { rpcUrl: "http://file:8545" }, gateway: { port: 1000 } }));
    const config = loadConfig({
      file: path,
      env: { AOS_GATEWAY_PORT: "2000", AOS_REDIS_PREFIX: "envprefix" },
      overrides: { redis: { prefix: "flagprefix" } },
    });
    assert.equal(config.chain.rpcUrl, "http://file:8545");
    assert.equal(config.gateway.port, 2000);
    assert.equal(config.redis.prefix, "flagprefix");
  });
});

describe("configFromEnv", () => {
  test("maps the AOS_* variables onto settings", () => {
    const config = parseConfig(
      configFromEnv({
        AOS_RPC_URL: "http://node.internal:8545",
        AOS_REDIS_URL: "redis://redis.internal:6379/2",
        AOS_REDIS_PREFIX: "fleet-b",
        AOS_STORE_DIR: "/var/lib/aos/blocks",
        AOS_GATEWAYS: "http://gw1.example.org,,https://gw2.example.org/ipfs",
        AOS_CONFIRMATIONS: "3",
        AOS_GATEWAY_PORT: "9000",
        AOS_GATEWAY_HOST: "0.0.0.0",
        AOS_LOG_LEVEL: "debug",
      }),
    );
    assert.equal(config.chain.rpcUrl, "http://node.internal:8545");
    assert.equal(config.chain.confirmations, 3);
    assert.equal(config.redis.url, "redis://redis.internal:6379/2");
    assert.equal(config.redis.prefix, "fleet-b");
    assert.equal(config.store.dir, "/var/lib/aos/blocks");
    assert.deepEqual(config.store.gateways, ["http://gw1.example.org", "https://gw2.example.org/ipfs"]);
    assert.equal(config.gateway.port, 9000);
    assert.equal(config.gateway.host, "0.0.0.0");
    assert.equal(config.log.level, "debug");
  });

  test("unset variables set nothing: the defaults stand", () => {
    const env = configFromEnv({});
    for (const section of Object.values(env))
      for (const value of Object.values(section as Record<string, unknown>)) assert.equal(value, undefined);
    assert.deepEqual(parseConfig(env), parseConfig());
  });

  test("REDIS_URL is the fallback for AOS_REDIS_URL", () => {
    assert.equal(parseConfig(configFromEnv({ REDIS_URL: "redis://fallback:6379" })).redis.url, "redis://fallback:6379");
    assert.equal(
      parseConfig(configFromEnv({ REDIS_URL: "redis://fallback:6379", AOS_REDIS_URL: "redis://primary:6379" })).redis
        .url,
      "redis://primary:6379",
    );
  });

  test("a bad value from the environment is named by its setting", () => {
    const e = configError(() =>
      parseConfig(configFromEnv({ AOS_GATEWAY_PORT: "eighty", AOS_REDIS_PREFIX: "has space", AOS_GATEWAYS: "x" })),
    );
    assert.match(e.message, /gateway\.port/);
    assert.match(e.message, /redis\.prefix/);
    assert.match(e.message, /store\.gateways\.0/);
  });
});

describe("readConfigFile", () => {
  test("reads a JSON file", () => {
    const path = join(dir, "good.json");
    writeFileSync(path, JSON.stringify({ profile: { concurrency: 3 } }));
    assert.deepEqual(readConfigFile(path), { profile: { concurrency: 3 } });
  });

  test("a missing file is named", () => {
    const path = join(dir, "does-not-exist.json");
    const e = configError(() => readConfigFile(path));
    assert.ok(e.message.includes(`--config ${path}: cannot read`), e.message);
    assert.match(e.message, /ENOENT/);
  });

  test("invalid JSON is named", () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, '{ "profile": { "concurrency": 3, } ');
    const e = configError(() => readConfigFile(path));
    assert.ok(e.message.includes(`--config ${path}: not valid JSON`), e.message);
  });

  test("loadConfig passes the file's errors on", () => {
    const path = join(dir, "missing-too.json");
    const e = configError(() => loadConfig({ file: path, env: {} }));
    assert.ok(e.message.includes(path));
  });
});
