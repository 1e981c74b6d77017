import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type AosWriteContext, claimTask, getTaskSpec, stakingVaultAbi, submitResult } from "@aos/sdk";
import { createPublicClient, createWalletClient, type Hex, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { type Gateway, startGateway } from "../../../workers/src/gateway/server.ts";
import { createMetrics } from "../../../workers/src/metrics.ts";
import { digestOfCid, encodeNode } from "../../../workers/src/results/cid.ts";
import { ContentStore } from "../../../workers/src/results/contentStore.ts";
import { type LocalChain, startLocalChain } from "../../../workers/test/support/localChain.ts";
import { runAos } from "./runAos.ts";

const dir = mkdtempSync(path.join(tmpdir(), "aos-cli-task-"));
const inputFile = path.join(dir, "input.json");
writeFileSync(inputFile, JSON.stringify({ scenario: "normal_operation", seed: 3, hours: 24 }));

const run = (args: string[], env: Record<string, string | undefined> = {}) => runAos(args, env, dir);

describe("aos task: usage errors name the option and exit 2 before touching the chain", () => {
  const cases: [string, string[], RegExp, Record<string, string>?][] = [
    ["missing --type", ["--bounty", "1", "--input", inputFile], /--type is required/],
    ["bad --type", ["--type", "video", "--bounty", "1", "--input", inputFile], /--type: expected sim or llm/],
    ["bad --bounty", ["--type", "sim", "--bounty", "-3", "--input", inputFile], /--bounty/],
    ["zero --bounty", ["--type", "sim", "--bounty", "0.0", "--input", inputFile], /--bounty/],
    ["bad --deadline", ["--type", "sim", "--bounty", "1", "--input", inputFile, "--deadline", "soon"], /--deadline/],
    [
      "bad --stake-bps",
      ["--type", "sim", "--bounty", "1", "--input", inputFile, "--stake-bps", "20000"],
      /--stake-bps/,
    ],
    [
      "bad --requirement",
      ["--type", "sim", "--bounty", "1", "--input", inputFile, "--requirement", "reliability.jury=2"],
      /--requirement/,
    ],
    [
      "both --gateway and --store",
      ["--type", "sim", "--bounty", "1", "--input", inputFile, "--gateway", "http://x", "--store", "d"],
      /--gateway and --store/,
    ],
    ["llm without --domain", ["--type", "llm", "--bounty", "1", "--input", inputFile], /--domain is required/],
    ["missing input file", ["--type", "sim", "--bounty", "1", "--input", "nope.json"], /--input: cannot read/],
    ["unknown option", ["--type", "sim", "--colour", "red"], /--colour/],
    ["no key", ["--type", "sim", "--bounty", "1", "--input", inputFile], /AOS_PRIVATE_KEY is not set/],
    [
      "malformed key",
      ["--type", "sim", "--bounty", "1", "--input", inputFile],
      /AOS_PRIVATE_KEY is not a private key/,
      { AOS_PRIVATE_KEY: "0x1234" },
    ],
  ];
  for (const [name, args, message, env] of cases) {
    it(name, async () => {
      // An unreachable RPC: any of these that went to the chain would fail with exit 1, not 2.
      const result = await run(["task", "create", ...args], { AOS_RPC_URL: "http://127.0.0.1:9", ...env });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it("refuses input that is not a JSON object", async () => {
    const notJson = path.join(dir, "bad.json");
    writeFileSync(notJson, "{ scenario: ");
    const array = path.join(dir, "array.json");
    writeFileSync(array, "[1, 2]");
    for (const [file, message] of [
      [notJson, /is not valid JSON/],
      [array, /must hold a JSON object/],
    ] as const) {
      const result = await run(["task", "create", "--type", "sim", "--bounty", "1", "--input", file]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    }
  });

  it("checks the task id and the state names", async () => {
    const show = await run(["task", "show", "abc"]);
    assert.equal(show.code, 2);
    assert.match(show.stderr, /task id: expected a number/);
    const list = await run(["task", "list", "--state", "Pending"]);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /--state: expected one of Open, Claimed/);
    const mine = await run(["task", "list", "--mine"]);
    assert.equal(mine.code, 2);
    assert.match(mine.stderr, /AOS_PRIVATE_KEY is not set; --mine shows the tasks of that account/);
  });

  it("prints help for every command and exits 0", async () => {
    for (const command of [
      ["task", "create"],
      ["task", "list"],
      ["task", "show"],
    ]) {
      const result = await run([...command, "--help"]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`Usage: aos ${command.join(" ")}`));
      assert.match(result.stdout, /--rpc URL/);
    }
  });

  it("exits 1 naming the endpoint when the chain is unreachable", async () => {
    const result = await run(["task", "list", "--rpc", "http://127.0.0.1:9"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot reach the chain at http:\/\/127\.0\.0\.1:9/);
  });
});

describe("aos task on a local chain", () => {
  let chain: LocalChain;
  let gateway: Gateway;
  const gatewayStore = new ContentStore(path.join(dir, "gateway-blocks"));
  let requesterEnv: Record<string, string>;

  before(async () => {
    // Account 1 meets the llm task's requirement (accuracy.simulation >= 0.5).
    chain = await startLocalChain({ karma: [{ account: 1, dimension: 8, value: "0.7" }] });
    gateway = await startGateway({
      host: "127.0.0.1",
      port: 0,
      store: gatewayStore,
      registry: createMetrics().registry,
      queues: [],
      health: async () => ({ ok: true, checks: {} }),
    });
    requesterEnv = { AOS_RPC_URL: chain.rpcUrl, AOS_PRIVATE_KEY: chain.accounts[0]?.key as string };
  });

  after(async () => {
    await gateway?.close();
    await chain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function context(index: number): AosWriteContext {
    const account = privateKeyToAccount(chain.accounts[index]?.key as Hex);
    const chainDef = { ...hardhat, id: chain.chainId };
    return {
      publicClient: createPublicClient({ chain: chainDef, transport: http(chain.rpcUrl) }),
      walletClient: createWalletClient({ account, chain: chainDef, transport: http(chain.rpcUrl) }),
      addresses: chain.addresses,
    };
  }

  it("publishes the input to a gateway and creates the task with the CID's digest", async () => {
    const result = await run(
      ["task", "create", "--type", "sim", "--bounty", "0.05", "--input", inputFile, "--gateway", gateway.url],
      requesterEnv,
    );
    assert.equal(result.code, 0, result.stderr);
    const taskId = BigInt(/^task (\d+) created/m.exec(result.stdout)?.[1] ?? "-1");
    const cid = /^input (\S+)/m.exec(result.stdout)?.[1] ?? "";
    const expected = await encodeNode({ scenario: "normal_operation", seed: 3, hours: 24 });
    assert.equal(cid, expected.cid.toString());
    assert.deepEqual(await gatewayStore.getNode(cid), { scenario: "normal_operation", seed: 3, hours: 24 });

    const spec = await getTaskSpec(context(0), taskId);
    assert.equal(spec.inputHash, digestOfCid(cid));
    assert.equal(spec.bounty, parseEther("0.05"));
    assert.equal(spec.taskType, 2);
    assert.equal(spec.domain, 8, "sim tasks default to accuracy.simulation");
    assert.equal(spec.reviewWindow, 3600);
    assert.ok(
      !`${result.stdout}${result.stderr}`.includes((chain.accounts[0]?.key ?? "unknown key").slice(2)),
      "key never printed",
    );
  });

  it("creates an llm task with requirements into a local store, and shows, claims and lists it", async () => {
    const store = path.join(dir, "blocks");
    const created = await run(
      [
        "task",
        "create",
        "--type",
        "llm",
        "--bounty",
        "0.2",
        "--input",
        inputFile,
        "--domain",
        "code_review",
        "--requirement",
        "simulation=0.5",
        "--stake-bps",
        "500",
        "--deadline",
        "3h",
        "--review",
        "90m",
        "--store",
        store,
        "--json",
      ],
      requesterEnv,
    );
    assert.equal(created.code, 0, created.stderr);
    const out = JSON.parse(created.stdout) as { taskId: string; input: string; domain: string };
    assert.equal(out.domain, "accuracy.code_review");
    assert.ok(await new ContentStore(store).has(out.input), "input written to the local store");

    const show = async () => {
      const r = await run(["task", "show", out.taskId, "--json"], { AOS_RPC_URL: chain.rpcUrl });
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as {
        state: string;
        input: { cid: string };
        result: { cid: string; digest: string } | null;
        requirements: { dimension: string; minimum: string }[];
        stakeBps: number;
        reviewWindow: number;
        history: { event: string }[];
      };
    };
    const open = await show();
    assert.equal(open.state, "Open");
    assert.equal(open.input.cid, out.input);
    assert.equal(open.result, null);
    assert.deepEqual(open.requirements, [{ dimension: "accuracy.simulation", minimum: "0.5" }]);
    assert.equal(open.stakeBps, 500);
    assert.equal(open.reviewWindow, 5400);
    assert.deepEqual(
      open.history.map((h) => h.event),
      ["TaskCreated"],
    );

    // Account 1 has the karma the task requires: it stakes, claims and submits a result node.
    const agent = context(1);
    const deposit = await agent.walletClient.writeContract({
      address: chain.addresses.stakingVault,
      abi: stakingVaultAbi,
      functionName: "deposit",
      value: parseEther("1"),
      chain: agent.walletClient.chain,
    });
    await agent.publicClient.waitForTransactionReceipt({ hash: deposit });
    await claimTask(agent, BigInt(out.taskId));
    const resultNode = await encodeNode({ answer: "looks good" });
    await submitResult(agent, BigInt(out.taskId), resultNode.digest);

    const submitted = await show();
    assert.equal(submitted.state, "Submitted");
    assert.equal(submitted.result?.cid, resultNode.cid.toString());
    assert.deepEqual(
      submitted.history.map((h) => h.event),
      ["TaskCreated", "TaskClaimed", "ResultSubmitted"],
    );

    const text = await run(["task", "show", out.taskId], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`result\\s+${resultNode.cid.toString()}`));
    assert.match(text.stdout, /TaskClaimed/);

    const openList = await run(["task", "list", "--state", "open", "--json"], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(openList.code, 0, openList.stderr);
    const openIds = (JSON.parse(openList.stdout) as { taskId: string }[]).map((t) => t.taskId);
    assert.ok(!openIds.includes(out.taskId), "the claimed task is no longer open");
    assert.ok(openIds.length >= 1, "the first test's task is still open");

    const agentList = await run(["task", "list", "--mine"], {
      AOS_RPC_URL: chain.rpcUrl,
      AOS_PRIVATE_KEY: chain.accounts[1]?.key as string,
    });
    assert.equal(agentList.code, 0, agentList.stderr);
    assert.match(agentList.stdout, new RegExp(`^${out.taskId}\\s+Submitted\\s+llm\\s+0\\.2 ETH`, "m"));
    assert.equal(agentList.stdout.trim().split("\n").length, 2, "header and the agent's one task");

    const strangerList = await run(["task", "list", "--mine"], {
      AOS_RPC_URL: chain.rpcUrl,
      AOS_PRIVATE_KEY: chain.accounts[5]?.key as string,
    });
    assert.equal(strangerList.code, 0, strangerList.stderr);
    assert.match(strangerList.stdout, /no tasks of yours/);
  });

  it("names an unknown domain and a missing task", async () => {
    const domain = await run(
      ["task", "create", "--type", "llm", "--bounty", "1", "--input", inputFile, "--domain", "astrology"],
      requesterEnv,
    );
    assert.equal(domain.code, 2);
    assert.match(domain.stderr, /--domain: no karma dimension "astrology"; known: 1=reliability\.jury/);
    const shortReview = await run(
      ["task", "create", "--type", "sim", "--bounty", "1", "--input", inputFile, "--review", "30m"],
      requesterEnv,
    );
    assert.equal(shortReview.code, 1, "the escrow refuses it, and the revert is decoded");
    assert.match(shortReview.stderr, /TaskEscrowInvalidParameter\(reviewWindow\)/);
    const missing = await run(["task", "show", "999999"], { AOS_RPC_URL: chain.rpcUrl });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /AosTaskNotFoundError|Task 999999/);
  });
});
