/**
 * `aos worker|verifier|gateway ...` and `aos karma show`, run as the real CLI in a child process:
 * help texts, configuration errors named before anything starts, a missing key, the status view
 * of a Redis without the fleet asked for, and a karma vector read from a local chain.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { dimensionId } from "../../../deploy/dimensions.ts";
import { type LocalChain, startLocalChain } from "../../../workers/test/support/localChain.ts";
import { type AosRun, runAos } from "./runAos.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-cli-worker-"));
/** An address no test's fleet uses, so other fleets in the shared Redis never match it. */
const NOBODY = "0x000000000000000000000000000000000000dEaD";
/** An unreachable endpoint: a command that got past its checks would fail differently (or hang). */
const NO_CHAIN = "http://127.0.0.1:9";

/**
 * Runs aos in a scratch folder with none of the workers' settings inherited from the
 * environment, so a developer's AOS_WORKER_KEY or AOS_REDIS_URL cannot change the outcome.
 */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<AosRun> {
  return runAos(
    args,
    {
      AOS_WORKER_KEY: undefined,
      AOS_REDIS_URL: undefined,
      REDIS_URL: undefined,
      AOS_REDIS_PREFIX: undefined,
      AOS_STORE_DIR: undefined,
      AOS_GATEWAYS: undefined,
      AOS_LOG_LEVEL: undefined,
      AOS_CONFIRMATIONS: undefined,
      ...env,
    },
    dir,
  );
}

after(() => rmSync(dir, { recursive: true, force: true }));

describe("help of the fleet's commands", { concurrency: 4 }, () => {
  const cases: [string[], RegExp, RegExp[]][] = [
    [
      ["worker", "start"],
      /^Usage: aos worker start \[options\]$/m,
      [
        /--types LIST/,
        /--concurrency N/,
        /--min-payment ETH/,
        /--config FILE/,
        /--rpc URL/,
        /--redis URL/,
        /AOS_WORKER_KEY/,
      ],
    ],
    [
      ["verifier", "start"],
      /^Usage: aos verifier start \[options\]$/m,
      [/--sample-rate R/, /--no-accept/, /--config FILE/, /--rpc URL/, /--redis URL/, /AOS_WORKER_KEY/],
    ],
    [
      ["gateway", "start"],
      /^Usage: aos gateway start /m,
      [/--port N/, /--host H/, /--store DIR/, /--redis URL/, /GET {2}\/ipfs\/<cid>/, /POST \/ipfs/],
    ],
    [["worker", "status"], /^Usage: aos worker status /m, [/--account ADDRESS/, /--watch/, /--redis URL/]],
    [["karma", "show"], /^Usage: aos karma show ADDRESS/m, [/--json/, /--all/, /--rpc URL/]],
  ];
  for (const [command, usage, options] of cases) {
    for (const flag of ["--help", "-h"]) {
      it(`aos ${command.join(" ")} ${flag} exits 0 and names the options`, async () => {
        const result = await run([...command, flag], { AOS_RPC_URL: NO_CHAIN });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, usage);
        for (const option of options) assert.match(result.stdout, option);
        assert.equal(result.stderr, "");
      });
    }
  }
});

describe("aos worker start refuses a bad configuration, naming the setting", { concurrency: 4 }, () => {
  /** Any of these that got as far as starting would need a key; the key is there, so only the setting can fail. */
  const key = { AOS_WORKER_KEY: `0x${"11".repeat(32)}` };

  async function refused(args: string[], env: Record<string, string>, setting: RegExp) {
    const result = await run(args, { ...key, AOS_RPC_URL: NO_CHAIN, ...env });
    assert.notEqual(result.code, 0, `expected a failure; stdout: ${result.stdout}`);
    assert.match(result.stderr, setting);
    assert.doesNotMatch(result.stdout, /agent worker started|verifier started/);
    return result;
  }

  it("--concurrency 0", async () => {
    await refused(["worker", "start", "--concurrency", "0"], {}, /config: profile\.concurrency: /);
  });

  it("--concurrency that is not an integer", async () => {
    await refused(["worker", "start", "--concurrency", "abc"], {}, /--concurrency: expected an integer, got "abc"/);
  });

  it("--types naming an unknown task type", async () => {
    await refused(["worker", "start", "--types", "video"], {}, /config: profile\.taskTypes\.0: /);
  });

  it("a --config file with an unknown key", async () => {
    const file = path.join(dir, "unknown-key.json");
    writeFileSync(file, JSON.stringify({ profile: { concurrency: 2, turbo: true } }));
    await refused(["worker", "start", "--config", file], {}, /config: profile: Unrecognized key: "turbo"/);
  });

  it("a --config file with an unknown section", async () => {
    const file = path.join(dir, "unknown-section.json");
    writeFileSync(file, JSON.stringify({ telemetry: {} }));
    await refused(["worker", "start", "--config", file], {}, /config: \(root\): Unrecognized key: "telemetry"/);
  });

  it("a --config file that is not JSON, or missing", async () => {
    const file = path.join(dir, "broken.json");
    writeFileSync(file, "{ profile: ");
    await refused(
      ["worker", "start", "--config", file],
      {},
      new RegExp(`config: --config ${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: not valid JSON`),
    );
    await refused(["worker", "start", "--config", path.join(dir, "absent.json")], {}, /absent\.json: cannot read/);
  });

  it("AOS_REDIS_URL that is not a redis:// URL", async () => {
    await refused(["worker", "start"], { AOS_REDIS_URL: "http://x" }, /config: redis\.url: must be a redis:\/\//);
  });

  it("an --rpc that is not a URL", async () => {
    await refused(["worker", "start", "--rpc", "not a url"], {}, /config: chain\.rpcUrl: /);
  });

  it("every bad setting at once, each named", async () => {
    const result = await refused(
      ["worker", "start", "--concurrency", "0"],
      { AOS_REDIS_URL: "http://x" },
      /config: .*profile\.concurrency: /,
    );
    assert.match(result.stderr, /redis\.url: must be a redis:\/\//);
  });

  it("aos verifier start with --sample-rate above 1", async () => {
    await refused(["verifier", "start", "--sample-rate", "2"], {}, /config: verifier\.sampleRate: /);
  });

  it("an unknown option", async () => {
    await refused(["worker", "start", "--turbo"], {}, /--turbo/);
  });
});

describe("aos worker start and aos verifier start without a key", { concurrency: 4 }, () => {
  for (const role of ["worker", "verifier"]) {
    it(`aos ${role} start names AOS_WORKER_KEY`, async () => {
      const result = await run([role, "start", "--ops-port", "0"], { AOS_RPC_URL: NO_CHAIN });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /no signing key: set AOS_WORKER_KEY/);
    });
  }

  it("a malformed AOS_WORKER_KEY is named, and never printed", async () => {
    const bad = "0x1234deadbeef";
    const result = await run(["worker", "start"], { AOS_RPC_URL: NO_CHAIN, AOS_WORKER_KEY: bad });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /AOS_WORKER_KEY is not a 32-byte hex private key/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes("1234deadbeef"), "the key is never printed");
  });
});

describe("aos worker status", () => {
  it("says there is no agent fleet for an account that runs none", async () => {
    const result = await run(["worker", "status", "--redis", "redis://127.0.0.1:6379", "--account", NOBODY]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `no agent fleet for ${NOBODY} in redis://127.0.0.1:6379\n`);
  });

  it("takes the Redis from AOS_REDIS_URL when --redis is not given", async () => {
    const result = await run(["worker", "status", "--account", NOBODY], { AOS_REDIS_URL: "redis://127.0.0.1:6379/0" });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^no agent fleet for 0x0+dEaD in redis:\/\/127\.0\.0\.1:6379\/0$/m);
  });
});

describe("aos karma show on a local chain", () => {
  let chain: LocalChain;
  const simulation = dimensionId("accuracy.simulation");
  const codeReview = dimensionId("accuracy.code_review");

  before(async () => {
    chain = await startLocalChain({
      karma: [
        { account: 3, dimension: simulation, value: "0.7" },
        { account: 3, dimension: codeReview, value: "0.25" },
      ],
    });
  });

  after(async () => {
    await chain?.close();
  });

  const agent = () => chain.accounts[3]!.address;

  it("prints the non-zero dimensions of an agent with genesis karma, with bars", async () => {
    const result = await run(["karma", "show", agent()], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    assert.equal(lines[0], `karma of ${agent()}`);
    assert.match(lines[1] ?? "", /^ID\s+DIMENSION\s+KIND\s+VALUE$/);
    assert.match(
      result.stdout,
      new RegExp(`^${simulation}\\s+accuracy\\.simulation\\s+Accuracy\\s+0\\.(6999|7000)\\s+█{14}░{6}$`, "m"),
    );
    assert.match(
      result.stdout,
      new RegExp(`^${codeReview}\\s+accuracy\\.code_review\\s+Accuracy\\s+0\\.(2499|2500)\\s+█{5}░{15}$`, "m"),
    );
    // Only the two non-zero dimensions are rows; the others are counted.
    assert.equal(lines.filter((l) => /^\d+\s/.test(l)).length, 2);
    assert.match(result.stdout, /^\(\d+ dimensions at zero not shown; --all lists them\)$/m);
    assert.match(result.stdout, /tasks completed 0, failed 0; trust depth \d+; earned 0 ETH/);
  });

  it("--all lists every dimension", async () => {
    const result = await run(["karma", "show", agent(), "--all"], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^1\s+reliability\.jury\s+Reliability\s+0\.0000\s+░{20}$/m);
    assert.match(result.stdout, /accuracy\.simulation/);
    assert.doesNotMatch(result.stdout, /not shown/);
  });

  it("--json prints the vector with decimal values", async () => {
    const result = await run(["karma", "show", agent(), "--json", "--rpc", chain.rpcUrl]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as {
      agent: string;
      dimensions: { id: number; name: string; kind: string; value: string }[];
      tasksCompleted: number;
      tasksFailed: number;
      totalEarnedNative: string;
    };
    assert.equal(out.agent, agent());
    const byName = new Map(out.dimensions.map((d) => [d.name, d]));
    assert.equal(byName.get("accuracy.simulation")?.id, simulation);
    assert.equal(byName.get("accuracy.simulation")?.kind, "Accuracy");
    assert.ok(Math.abs(Number(byName.get("accuracy.simulation")?.value) - 0.7) < 0.001, result.stdout);
    assert.ok(Math.abs(Number(byName.get("accuracy.code_review")?.value) - 0.25) < 0.001, result.stdout);
    assert.equal(byName.get("reliability.jury")?.value, "0");
    assert.equal(out.tasksCompleted, 0);
    assert.equal(out.tasksFailed, 0);
    assert.equal(out.totalEarnedNative, "0");
  });

  it("lists every dimension at zero for an account without karma", async () => {
    const stranger = chain.accounts[7]!.address;
    const result = await run(["karma", "show", stranger], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split("\n")[0], `karma of ${stranger}`);
    const rows = result.stdout.split("\n").filter((l) => /^\d+\s/.test(l));
    assert.ok(rows.length >= 13, result.stdout);
    assert.ok(
      rows.every((r) => /\s0\.0000\s+░{20}$/.test(r)),
      result.stdout,
    );
  });

  it("refuses a malformed address with exit 2, before touching the chain", async () => {
    const result = await run(["karma", "show", "0x1234"], { AOS_RPC_URL: NO_CHAIN });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"0x1234" is not an address/);
    const missing = await run(["karma", "show"], { AOS_RPC_URL: NO_CHAIN });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /give the agent's address/);
  });

  it("exits 1 naming the endpoint when the chain is unreachable", async () => {
    const result = await run(["karma", "show", agent()], { AOS_RPC_URL: NO_CHAIN });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot reach the chain at http:\/\/127\.0\.0\.1:9/);
  });
});
