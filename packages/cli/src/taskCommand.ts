/**
 * aos task create | list | show: publish a task's input as a content-addressed node and create
 * the task on the escrow; list tasks; show one task with its spec, input and result CIDs and the
 * history of its events.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  type AosReadContext,
  createTask,
  getTask,
  getTaskSpec,
  type KarmaRequirement,
  NATIVE_ASSET,
  TASK_STATES,
  TASK_TYPES,
  taskEscrowAbi,
} from "@aos/sdk";
import {
  erc20Abi,
  formatUnits,
  type Hex,
  isAddress,
  type Log,
  numberToHex,
  pad,
  parseEventLogs,
  parseUnits,
  type RpcLog,
} from "viem";
import { BlockTooLargeError, cidFromDigest, encodeNode, MalformedNodeError } from "../../../workers/src/results/cid.ts";
import { ContentStore } from "../../../workers/src/results/contentStore.ts";
import {
  COMMON_OPTIONS,
  COMMON_OPTIONS_HELP,
  connect,
  type Dimension,
  loadSigner,
  parseDuration,
  parseKarmaValue,
  readDimensions,
  resolveDimension,
  runCommand,
  withSigner,
} from "./chainContext.ts";
import { CliOptionError } from "./dcosCommand.ts";

export const DEFAULT_STORE_DIR = ".aos/blocks";
/** What the CLI's task types stand for on-chain, and the domain each defaults to. */
const CLI_TASK_TYPES = {
  sim: { id: TASK_TYPES.dcosSimulation, defaultDomain: "accuracy.simulation" },
  llm: { id: TASK_TYPES.llm, defaultDomain: undefined },
} as const;

export const TASK_CREATE_HELP = `aos task create: publish a task's input and create the task with its bounty in escrow

Usage: aos task create --type sim|llm --bounty AMOUNT --input FILE.json [options]

Task
  --type sim|llm          what the task is: a DCOS simulation or LLM work
  --bounty AMOUNT         bounty in whole units (e.g. 0.05 ETH, or token units with --token)
  --token ADDR            ERC-20 bounty token (default: the native asset)
  --input FILE.json       the task's input, a JSON object; published as a dag-cbor node
  --deadline DURATION     time from now to submit a result (default 2h; units s m h d w)
  --review DURATION       the requester's review window after submission (default 1h,
                          the escrow's minimum unless governance changed it)
  --domain NAME|ID        karma dimension the outcome updates (default accuracy.simulation for sim;
                          required for llm), e.g. code_review or accuracy.code_review or 5
  --stake-bps N           agent stake as basis points of the bounty (default: the escrow's, 10%)
  --requirement DIM=MIN   minimum karma to claim (repeatable), e.g. reliability.task_completion=0.5
Publishing (one of)
  --gateway URL           POST the input to a worker gateway (URL/ipfs)
  --store DIR             write the input to a local block store (default ${DEFAULT_STORE_DIR})
  --json                  print the result as JSON
${COMMON_OPTIONS_HELP}`;

export const TASK_LIST_HELP = `aos task list: tasks on the escrow, newest first

Usage: aos task list [--state STATE] [--mine] [--json]

  --state STATE           only tasks in this state (${TASK_STATES.slice(1).join(", ")})
  --mine                  only tasks requested or claimed by the account of $AOS_PRIVATE_KEY
  --limit N               at most N tasks (default 50)
  --json                  print JSON
${COMMON_OPTIONS_HELP}`;

export const TASK_SHOW_HELP = `aos task show: one task, its spec, input and result CIDs and its history

Usage: aos task show ID [--json]

  --json                  print JSON
${COMMON_OPTIONS_HELP}`;

type Values = Record<string, string | boolean | string[] | undefined>;

/** parseArgs with the common options; usage errors print the help and return undefined. */
function parse(
  label: string,
  help: string,
  argv: string[],
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>,
  positionals = false,
): { values: Values; positionals: string[] } | number {
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: positionals,
      strict: true,
      options: { ...COMMON_OPTIONS, ...options },
    });
    if (parsed.values.help) {
      process.stdout.write(help);
      return 0;
    }
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    process.stderr.write(`${label}: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
}

function text(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

function required(values: Values, name: string, what: string): string {
  const v = text(values, name);
  if (v === undefined || v === "") throw new CliOptionError(`--${name} is required (${what})`);
  return v;
}

const json = (value: unknown) =>
  `${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

export async function taskCreateCommand(argv: string[]): Promise<number> {
  const label = "aos task create";
  const parsed = parse(label, TASK_CREATE_HELP, argv, {
    type: { type: "string" },
    bounty: { type: "string" },
    token: { type: "string" },
    input: { type: "string" },
    deadline: { type: "string" },
    review: { type: "string" },
    domain: { type: "string" },
    "stake-bps": { type: "string" },
    requirement: { type: "string", multiple: true },
    gateway: { type: "string" },
    store: { type: "string" },
    json: { type: "boolean" },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  return runCommand(label, async () => {
    // Everything that needs no chain is checked first, so a typo costs nothing.
    const typeName = required(values, "type", "sim or llm");
    const type = CLI_TASK_TYPES[typeName as keyof typeof CLI_TASK_TYPES];
    if (!type) throw new CliOptionError(`--type: expected sim or llm, got "${typeName}"`);
    const bountyText = required(values, "bounty", "e.g. 0.05");
    if (!/^\d+(\.\d+)?$/.test(bountyText) || /^0*(\.0*)?$/.test(bountyText))
      throw new CliOptionError(`--bounty: expected a positive amount such as 0.05, got "${bountyText}"`);
    const token = text(values, "token") ?? NATIVE_ASSET;
    if (!isAddress(token)) throw new CliOptionError(`--token: "${token}" is not an address`);
    const deadlineSeconds = parseDuration(text(values, "deadline") ?? "2h", "deadline");
    const reviewSeconds = parseDuration(text(values, "review") ?? "1h", "review");
    const stakeText = text(values, "stake-bps");
    const stakeBps = stakeText === undefined ? undefined : Number(stakeText);
    if (stakeBps !== undefined && (!Number.isInteger(stakeBps) || stakeBps < 0 || stakeBps > 10_000))
      throw new CliOptionError(`--stake-bps: expected an integer from 0 to 10000, got "${stakeText}"`);
    const requirementTexts = (values.requirement as string[] | undefined) ?? [];
    const requirementPairs = requirementTexts.map((r) => {
      const [dim, min, ...rest] = r.split("=");
      if (!dim || min === undefined || rest.length)
        throw new CliOptionError(`--requirement: expected DIMENSION=MINIMUM such as reliability.jury=0.5, got "${r}"`);
      return { dim, minimum: parseKarmaValue(min, "requirement") };
    });
    const gateway = text(values, "gateway");
    const storeDir = text(values, "store");
    if (gateway && storeDir) throw new CliOptionError("--gateway and --store: give one place to publish the input");
    if (gateway && !/^https?:\/\//.test(gateway))
      throw new CliOptionError(`--gateway: expected an http(s) URL, got "${gateway}"`);
    const domainText = text(values, "domain") ?? type.defaultDomain;
    if (!domainText) throw new CliOptionError(`--domain is required for --type ${typeName} (e.g. code_review)`);
    const node = await readInput(required(values, "input", "a JSON file"));
    const signer = loadSigner();

    const connection = withSigner(await connect(text(values, "rpc")), signer);
    const dimensions = await readDimensions(connection);
    const domain = resolveDimension(dimensions, domainText, "domain");
    const requirements: KarmaRequirement[] = requirementPairs.map((r) => ({
      dimension: resolveDimension(dimensions, r.dim, "requirement").id,
      minimum: r.minimum,
    }));
    const { decimals, symbol } = await tokenInfo(connection, token);
    const amount = parseUnits(bountyText, decimals);
    const latest = await connection.publicClient.getBlock();

    const publishedTo = gateway ? await publishToGateway(gateway, node) : await publishToStore(storeDir, node);
    const created = await createTask(connection, {
      token,
      amount,
      inputHash: node.digest,
      taskType: type.id,
      domain: domain.id,
      deadline: latest.timestamp + BigInt(deadlineSeconds),
      reviewWindow: reviewSeconds,
      stakeBps,
      requirements,
    });
    const out = {
      taskId: created.taskId,
      transaction: created.hash,
      chainId: connection.chainId,
      input: node.cid.toString(),
      inputHash: node.digest,
      publishedTo,
      bounty: `${bountyText} ${symbol}`,
      domain: domain.name,
    };
    if (values.json) process.stdout.write(json(out));
    else
      process.stdout.write(
        `task ${out.taskId} created: ${out.bounty}, ${typeName}, domain ${domain.name} (tx ${created.hash})\n` +
          `input ${out.input} (digest ${out.inputHash}) published to ${publishedTo}\n`,
      );
    return 0;
  });
}

/** Reads and checks the input file: a JSON object that encodes to one dag-cbor block within the limit. */
async function readInput(file: string) {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (e) {
    throw new CliOptionError(`--input: cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new CliOptionError(`--input: "${file}" is not valid JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new CliOptionError(`--input: "${file}" must hold a JSON object (the task's parameters)`);
  try {
    return await encodeNode(value);
  } catch (e) {
    if (e instanceof BlockTooLargeError || e instanceof MalformedNodeError)
      throw new CliOptionError(`--input: "${file}": ${e.message}`);
    throw e;
  }
}

async function publishToStore(dir: string | undefined, node: Awaited<ReturnType<typeof encodeNode>>) {
  const store = new ContentStore(dir ?? DEFAULT_STORE_DIR);
  await store.putBlock(node.cid, node.bytes);
  return `store ${store.directory}`;
}

/** POSTs the node's bytes; the gateway must answer with the same CID, or the task would point at nothing. */
async function publishToGateway(gateway: string, node: Awaited<ReturnType<typeof encodeNode>>) {
  const url = `${gateway.replace(/\/+$/, "")}/ipfs`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/vnd.ipld.raw" },
      body: Buffer.from(node.bytes),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new Error(`cannot publish the input to ${url} (${(e as Error).message}); check --gateway`);
  }
  const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string; message?: string };
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`the gateway refused the input: HTTP ${response.status} ${body.error ?? ""} ${body.message ?? ""}`);
  if (body.cid !== node.cid.toString())
    throw new Error(`the gateway stored the input as ${body.cid}, not ${node.cid.toString()}; use another gateway`);
  return gateway;
}

type TokenInfo = { decimals: number; symbol: string };
const tokenCache = new Map<string, Promise<TokenInfo>>();

function tokenInfo(context: AosReadContext, token: `0x${string}`): Promise<TokenInfo> {
  if (token.toLowerCase() === NATIVE_ASSET) return Promise.resolve({ decimals: 18, symbol: "ETH" });
  let info = tokenCache.get(token.toLowerCase());
  if (!info) {
    const contract = { address: token, abi: erc20Abi } as const;
    info = Promise.all([
      context.publicClient.readContract({ ...contract, functionName: "decimals" }),
      context.publicClient.readContract({ ...contract, functionName: "symbol" }).catch(() => token.slice(0, 10)),
    ]).then(
      ([decimals, symbol]) => ({ decimals, symbol }),
      () => {
        throw new CliOptionError(`--token: ${token} is not an ERC-20 token on this chain`);
      },
    );
    tokenCache.set(token.toLowerCase(), info);
  }
  return info;
}

const TYPE_NAMES = new Map<number, string>(Object.entries(TASK_TYPES).map(([name, id]) => [id, name]));
const typeName = (id: number) => TYPE_NAMES.get(id) ?? `type ${id}`;
const isoTime = (seconds: number | bigint) =>
  Number(seconds) === 0 ? "-" : new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
const shortAddress = (a: string) => (/^0x0{40}$/.test(a) ? "-" : `${a.slice(0, 6)}…${a.slice(-4)}`);

export async function taskListCommand(argv: string[]): Promise<number> {
  const label = "aos task list";
  const parsed = parse(label, TASK_LIST_HELP, argv, {
    state: { type: "string" },
    mine: { type: "boolean" },
    limit: { type: "string" },
    json: { type: "boolean" },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  return runCommand(label, async () => {
    const stateText = text(values, "state");
    const state = stateText
      ? TASK_STATES.find((s) => s !== "None" && s.toLowerCase() === stateText.toLowerCase())
      : undefined;
    if (stateText && !state)
      throw new CliOptionError(`--state: expected one of ${TASK_STATES.slice(1).join(", ")}, got "${stateText}"`);
    const limitText = text(values, "limit") ?? "50";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1)
      throw new CliOptionError(`--limit: expected a positive integer, got "${limitText}"`);
    const me = values.mine ? loadSigner("--mine shows the tasks of that account").address.toLowerCase() : undefined;

    const connection = await connect(text(values, "rpc"));
    const created = await connection.publicClient.getContractEvents({
      address: connection.addresses.taskEscrow,
      abi: taskEscrowAbi,
      eventName: "TaskCreated",
      fromBlock: connection.fromBlock,
      toBlock: "latest",
    });
    const specs = created.reverse();
    const rows = [];
    // Reads go in pages so a long history does not open thousands of requests at once.
    for (let i = 0; i < specs.length && rows.length < limit; i += 50) {
      const page = specs.slice(i, i + 50);
      const views = await Promise.all(page.map((log) => getTask(connection, log.args.taskId as bigint)));
      for (const [j, view] of views.entries()) {
        const args = page[j]?.args;
        if (!args) continue;
        if (state && view.state !== state) continue;
        if (me && view.requester.toLowerCase() !== me && view.agent.toLowerCase() !== me) continue;
        const token = await tokenInfo(connection, view.token);
        rows.push({
          taskId: view.taskId,
          state: view.state,
          type: typeName(Number(args.taskType)),
          bounty: `${formatUnits(view.bounty, token.decimals)} ${token.symbol}`,
          domain: view.domain,
          deadline: isoTime(args.deadline ?? 0),
          requester: view.requester,
          agent: view.agent,
        });
        if (rows.length >= limit) break;
      }
    }
    if (values.json) {
      process.stdout.write(json(rows));
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write(`no tasks${state ? ` in state ${state}` : ""}${me ? " of yours" : ""}\n`);
      return 0;
    }
    const table = [
      ["ID", "STATE", "TYPE", "BOUNTY", "DOMAIN", "DEADLINE", "REQUESTER", "AGENT"],
      ...rows.map((r) => [
        String(r.taskId),
        r.state,
        r.type,
        r.bounty,
        String(r.domain),
        r.deadline,
        shortAddress(r.requester),
        shortAddress(r.agent),
      ]),
    ];
    process.stdout.write(formatTable(table));
    return 0;
  });
}

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  return `${rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The escrow events whose first indexed argument is a task id, in the order they happened. */
const TASK_EVENTS = new Set([
  "TaskCreated",
  "TaskClaimed",
  "ResultSubmitted",
  "TaskAccepted",
  "TaskRejected",
  "TaskDisputed",
  "TaskExpired",
  "TaskCancelled",
  "TaskVoided",
  "SubtaskCreated",
]);

export async function taskShowCommand(argv: string[]): Promise<number> {
  const label = "aos task show";
  const parsed = parse(label, TASK_SHOW_HELP, argv, { json: { type: "boolean" } }, true);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  return runCommand(label, async () => {
    const [idText, ...extra] = positionals;
    if (idText === undefined) throw new CliOptionError("give the task id: aos task show ID");
    if (extra.length) throw new CliOptionError(`unexpected arguments: ${extra.join(" ")}`);
    if (!/^\d+$/.test(idText)) throw new CliOptionError(`task id: expected a number, got "${idText}"`);
    const taskId = BigInt(idText);

    const connection = await connect(text(values, "rpc"));
    const [view, spec, dimensions] = await Promise.all([
      getTask(connection, taskId),
      getTaskSpec(connection, taskId),
      readDimensions(connection),
    ]);
    const history = await taskHistory(connection, taskId);
    const submitted = [...history].reverse().find((h) => h.event === "ResultSubmitted");
    const resultHash = submitted?.args.resultHash as Hex | undefined;
    const token = await tokenInfo(connection, spec.token);
    const money = (wei: bigint) => `${formatUnits(wei, token.decimals)} ${token.symbol}`;
    const dimensionName = (id: number) => dimensions.find((d: Dimension) => d.id === id)?.name ?? `dimension ${id}`;
    const out = {
      taskId,
      state: view.state,
      requester: view.requester,
      agent: view.agent,
      taskType: { id: spec.taskType, name: typeName(spec.taskType) },
      domain: { id: spec.domain, name: dimensionName(spec.domain) },
      token: spec.token,
      bounty: money(spec.bounty),
      stake: money(view.stake),
      stakeBps: spec.stakeBps,
      deadline: spec.deadline,
      reviewWindow: spec.reviewWindow,
      reviewEndsAt: view.reviewEndsAt,
      requirements: spec.requirements.map((r) => ({
        dimension: dimensionName(r.dimension),
        minimum: formatUnits(r.minimum, 18),
      })),
      skills: spec.skills,
      input: { cid: cidFromDigest(spec.inputHash).toString(), digest: spec.inputHash },
      result: resultHash ? { cid: cidFromDigest(resultHash).toString(), digest: resultHash } : null,
      history: history.map((h) => ({ event: h.event, block: h.block, time: h.time, ...h.args })),
    };
    if (values.json) {
      process.stdout.write(json(out));
      return 0;
    }
    const lines = [
      `task ${taskId}  ${view.state}`,
      `  type          ${out.taskType.name} (${out.taskType.id})`,
      `  domain        ${out.domain.name} (${out.domain.id})`,
      `  requester     ${view.requester}`,
      `  agent         ${shortAddress(view.agent) === "-" ? "-" : view.agent}`,
      `  bounty        ${out.bounty}${view.stake > 0n ? `, agent stake ${out.stake}` : ""}`,
      `  deadline      ${isoTime(spec.deadline)}`,
      `  review        ${spec.reviewWindow} s${view.reviewEndsAt ? `, ends ${isoTime(view.reviewEndsAt)}` : ""}`,
      `  requirements  ${out.requirements.map((r) => `${r.dimension} >= ${r.minimum}`).join(", ") || "-"}`,
      `  input         ${out.input.cid}`,
      `                (digest ${out.input.digest})`,
      `  result        ${out.result ? out.result.cid : "-"}`,
      ...(out.result ? [`                (digest ${out.result.digest})`] : []),
      "history",
      ...history.map(
        (h) => `  ${isoTime(h.time)}  block ${String(h.block).padEnd(6)} ${h.event}${describeArgs(h.args)}`,
      ),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  });
}

type HistoryEntry = { event: string; block: bigint; time: number; args: Record<string, unknown> };

/** Every escrow event about the task (indexed by its id), with block times. */
async function taskHistory(connection: AosReadContext, taskId: bigint): Promise<HistoryEntry[]> {
  const raw = (await connection.publicClient.request({
    method: "eth_getLogs",
    params: [
      {
        address: connection.addresses.taskEscrow,
        fromBlock: numberToHex(connection.fromBlock ?? 0n),
        toBlock: "latest",
        topics: [null, pad(numberToHex(taskId), { size: 32 })],
      },
    ],
  })) as RpcLog[];
  const logs = raw.map(
    (l) => ({ ...l, blockNumber: BigInt(l.blockNumber ?? 0), logIndex: Number(l.logIndex ?? 0) }) as unknown as Log,
  );
  const parsed = parseEventLogs({ abi: taskEscrowAbi, logs }).filter((l) => TASK_EVENTS.has(l.eventName));
  const blocks = [...new Set(parsed.map((l) => l.blockNumber))];
  const times = new Map(
    await Promise.all(
      blocks.map(
        async (b) => [b, Number((await connection.publicClient.getBlock({ blockNumber: b })).timestamp)] as const,
      ),
    ),
  );
  return parsed
    .sort((a, b) => Number(a.blockNumber - b.blockNumber) || (a.logIndex ?? 0) - (b.logIndex ?? 0))
    .map((l) => {
      const { taskId: _id, requirements: _r, skills: _s, ...args } = l.args as Record<string, unknown>;
      return { event: l.eventName, block: l.blockNumber, time: times.get(l.blockNumber) ?? 0, args };
    });
}

function describeArgs(args: Record<string, unknown>): string {
  const shown = Object.entries(args)
    .filter(([k]) => !["inputHash", "token", "deadline", "reviewWindow", "stakeBps", "maxDelegationDepth"].includes(k))
    .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : String(v)}`);
  return shown.length ? `  ${shown.join(" ")}` : "";
}
