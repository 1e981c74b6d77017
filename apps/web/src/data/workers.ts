/**
 * The workers' fleet as the dApp sees it: the gateway's /health, its Prometheus /metrics, the queue
 * dashboard's JSON API (Bull Board: GET /queues/api/queues), and, from the chain, what agents were
 * paid (TaskAccepted events joined with each task's token from TaskCreated).
 */
import { NATIVE_ASSET } from "@aos/sdk";
import { type Address, getAddress } from "viem";
import { config } from "@/config";
import { ETH, logs, type TokenInfo } from "./agents";
import { blockTimes, call, contract, events, multiread } from "./chain";

// ---------------------------------------------------------------------------------------------
// Prometheus text exposition format (version 0.0.4)

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";
export type Sample = { name: string; labels: Record<string, string>; value: number; timestamp?: number };
export type MetricFamily = { name: string; type: MetricType; help?: string; samples: Sample[] };
export type ParsedMetrics = {
  families: Map<string, MetricFamily>;
  errors: { line: number; text: string; reason: string }[];
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text: string): number | undefined {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replaceAll(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
}

/** Parses `{a="1",b="x\"y"}` at the start of `text`; returns the labels and what follows. */
function parseLabels(text: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1; // after "{"
  const skipSpaces = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  for (;;) {
    skipSpaces();
    if (text[i] === "}") return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`bad label name at column ${i + 1}`);
    i += name.length;
    skipSpaces();
    if (text[i] !== "=") throw new Error(`expected = after label ${name}`);
    i++;
    skipSpaces();
    if (text[i] !== '"') throw new Error(`expected a quoted value for label ${name}`);
    i++;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`unterminated value for label ${name}`);
      if (c === "\\") {
        const next = text[i + 1];
        value += next === "n" ? "\n" : next === '"' ? '"' : next === "\\" ? "\\" : `\\${next ?? ""}`;
        i += 2;
        continue;
      }
      if (c === '"') {
        i++;
        break;
      }
      value += c;
      i++;
    }
    if (name in labels) throw new Error(`label ${name} repeated`);
    labels[name] = value;
    skipSpaces();
    if (text[i] === ",") i++;
    else if (text[i] !== "}") throw new Error(`expected , or } after label ${name}`);
  }
}

function familyOf(families: Map<string, MetricFamily>, sample: string): MetricFamily | undefined {
  const direct = families.get(sample);
  if (direct) return direct;
  for (const suffix of ["_bucket", "_sum", "_count", "_total", "_created"]) {
    if (!sample.endsWith(suffix)) continue;
    const family = families.get(sample.slice(0, -suffix.length));
    if (!family) continue;
    const fits =
      suffix === "_bucket"
        ? family.type === "histogram"
        : suffix === "_total"
          ? family.type === "counter"
          : family.type === "histogram" || family.type === "summary" || suffix === "_created";
    if (fits) return family;
  }
  return undefined;
}

/**
 * Parses Prometheus' text format: HELP and TYPE comments, other comments, samples with optional
 * labels and timestamps; a histogram's _bucket, _sum and _count samples join their family. A line
 * that cannot be read is reported in `errors` (with its number) and skipped, so one bad line does
 * not hide every other metric.
 */
export function parsePrometheus(text: string): ParsedMetrics {
  const families = new Map<string, MetricFamily>();
  const errors: ParsedMetrics["errors"] = [];
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: "untyped", samples: [] };
      families.set(name, f);
    }
    return f;
  };
  /** Reads one line into `families`; returns why it could not, if it could not. */
  const readLine = (raw: string): string | undefined => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line);
      if (!m) return; // an ordinary comment
      const [, keyword, name = "", rest = ""] = m;
      if (keyword === "HELP") family(name).help = unescapeHelp(rest);
      else {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type)) return `unknown metric type "${rest.trim()}"`;
        family(name).type = type;
      }
      return;
    }
    const name = METRIC_NAME.exec(line)?.[0];
    if (!name) return "a sample must start with a metric name";
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) {
      try {
        ({ labels, rest } = parseLabels(rest));
      } catch (e) {
        return (e as Error).message;
      }
    }
    const [valueText = "", timestamp, ...extra] = rest.trim().split(/\s+/);
    if (valueText === "") return "missing value";
    if (extra.length > 0) return "unexpected text after the timestamp";
    const value = parseValue(valueText);
    if (value === undefined) return `"${valueText}" is not a number`;
    const sample: Sample = { name, labels, value };
    if (timestamp !== undefined) {
      const ts = Number(timestamp);
      if (!Number.isInteger(ts)) return `"${timestamp}" is not a timestamp`;
      sample.timestamp = ts;
    }
    (familyOf(families, name) ?? family(name)).samples.push(sample);
  };
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const reason = readLine(raw);
    if (reason) errors.push({ line: index + 1, text: raw, reason });
  }
  return { families, errors };
}

/** Sum of a metric's samples, optionally only those whose labels match. */
export function sumOf(parsed: ParsedMetrics, sample: string, where: Record<string, string> = {}): number {
  const f = familyOf(parsed.families, sample);
  if (!f) return 0;
  return f.samples
    .filter((s) => s.name === sample && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/** A metric's samples grouped by one label's value, summed. */
export function byLabel(parsed: ParsedMetrics, sample: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const f = familyOf(parsed.families, sample);
  for (const s of f?.samples ?? []) {
    if (s.name !== sample) continue;
    const key = s.labels[label] ?? "";
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

export type MetricsSummary = {
  /** Tasks by lifecycle stage reached (seen, claimed, submitted, paid...). */
  tasks: Record<string, number>;
  /** Bounties paid to the fleet, in the token's smallest unit, by token address (lowercase). */
  earningsWei: Record<string, number>;
  /** Jobs finished by queue: completed, failed, retried. */
  jobs: Record<string, { completed: number; failed: number; retried: number }>;
  /** Mean job duration in seconds by queue, from the histogram. */
  meanJobSeconds: Record<string, number>;
  llmCalls: number;
  llmCostUsd: number;
  /** Transactions mined, and reverted or failed to send (gas bumps are not counted). */
  transactions: { mined: number; failed: number };
  errors: number;
  /** Whether the process serving these metrics has recorded any fleet activity. */
  empty: boolean;
  /** Lines the parser skipped. */
  unreadableLines: number;
};

export function summariseMetrics(parsed: ParsedMetrics): MetricsSummary {
  const jobs: MetricsSummary["jobs"] = {};
  for (const s of familyOf(parsed.families, "aos_jobs_total")?.samples ?? []) {
    const queue = s.labels.queue ?? "";
    const outcome = s.labels.outcome as "completed" | "failed" | "retried";
    jobs[queue] ??= { completed: 0, failed: 0, retried: 0 };
    if (outcome in jobs[queue]) jobs[queue][outcome] += s.value;
  }
  const sums = byLabel(parsed, "aos_job_duration_seconds_sum", "queue");
  const counts = byLabel(parsed, "aos_job_duration_seconds_count", "queue");
  const meanJobSeconds: Record<string, number> = {};
  for (const [queue, count] of Object.entries(counts))
    if (count > 0) meanJobSeconds[queue] = (sums[queue] ?? 0) / count;
  const txByOutcome = byLabel(parsed, "aos_transactions_total", "outcome");
  const txAll = Object.values(txByOutcome).reduce((a, b) => a + b, 0);
  const tasks = byLabel(parsed, "aos_tasks_total", "stage");
  const summary: MetricsSummary = {
    tasks,
    earningsWei: byLabel(parsed, "aos_earnings_wei_total", "token"),
    jobs,
    meanJobSeconds,
    llmCalls: sumOf(parsed, "aos_llm_calls_total"),
    llmCostUsd: sumOf(parsed, "aos_llm_cost_usd_total"),
    transactions: { mined: txByOutcome.mined ?? 0, failed: (txByOutcome.reverted ?? 0) + (txByOutcome.failed ?? 0) },
    errors: sumOf(parsed, "aos_errors_total"),
    empty: false,
    unreadableLines: parsed.errors.length,
  };
  summary.empty = Object.keys(tasks).length === 0 && Object.keys(jobs).length === 0 && txAll === 0;
  return summary;
}

// ---------------------------------------------------------------------------------------------
// The gateway

export type HealthCheck = { name: string; ok: boolean; detail?: string };
export type Health = { ok: boolean; checks: HealthCheck[] };

export const JOB_STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

export type QueueJob = {
  id: string;
  name: string;
  queue: string;
  state: JobState;
  attempts: number;
  failedReason?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  processedAt?: number;
  finishedAt?: number;
};

export type QueueInfo = {
  name: string;
  counts: Record<JobState, number> & { total: number };
  paused: boolean;
  /** Whether a worker consumes this queue; undefined when the dashboard does not say. */
  hasWorkers?: boolean;
  jobs: QueueJob[];
};

export type GatewayStatus =
  | {
      reachable: true;
      url: string;
      health: Health;
      metrics: { summary: MetricsSummary } | { error: string };
      queues: { list: QueueInfo[] } | { error: string };
    }
  | { reachable: false; url: string; error: string };

/** The gateway did not answer at all. */
export class GatewayDownError extends Error {
  override name = "GatewayDownError";
  constructor(url: string, detail: string) {
    super(`The workers' gateway at ${url} does not answer (${detail}).`);
  }
}

const TIMEOUT_MS = 3_000;

async function get(path: string): Promise<Response> {
  try {
    return await fetch(`${config.gatewayUrl}${path}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: "no-store",
      headers: { accept: path === "/metrics" ? "text/plain" : "application/json" },
    });
  } catch (e) {
    const detail =
      (e as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : "connection failed";
    throw new GatewayDownError(config.gatewayUrl, detail);
  }
}

/** /health answers 200 when every check passes and 503 with the same body otherwise. */
export function readHealth(body: unknown): Health {
  const b = (body ?? {}) as { ok?: unknown; checks?: Record<string, { ok?: unknown; detail?: unknown }> };
  const checks = Object.entries(b.checks ?? {}).map(([name, c]) => ({
    name,
    ok: c?.ok === true,
    detail: typeof c?.detail === "string" ? c.detail : undefined,
  }));
  return { ok: b.ok === true && checks.every((c) => c.ok), checks };
}

type BoardJob = {
  id?: string | number | null;
  name?: string;
  timestamp?: number;
  processedOn?: number | null;
  finishedOn?: number | null;
  attempts?: number;
  delay?: number;
  failedReason?: string | null;
  isFailed?: boolean;
};
type BoardQueue = {
  name: string;
  counts?: Record<string, number>;
  isPaused?: boolean;
  hasWorkers?: boolean | null;
  jobs?: BoardJob[];
};

/**
 * The dashboard lists "latest" jobs without their state; it is read from the job's times, checked
 * against the queue's counts (a job cannot be active in a queue with nothing active).
 */
export function jobState(job: BoardJob, counts: Record<string, number>): JobState {
  if (job.finishedOn) return job.isFailed || job.failedReason ? "failed" : "completed";
  if ((job.delay ?? 0) > 0 && (counts.delayed ?? 0) > 0) return "delayed";
  if (job.processedOn && (counts.active ?? 0) > 0) return "active";
  if ((counts.delayed ?? 0) > 0 && job.processedOn) return "delayed";
  return "waiting";
}

export function readQueues(body: unknown, jobsByQueue: ReadonlyMap<string, BoardJob[]> = new Map()): QueueInfo[] {
  const queues = ((body ?? {}) as { queues?: BoardQueue[] }).queues;
  if (!Array.isArray(queues)) throw new Error("The queue dashboard answered without a list of queues.");
  return queues.map((q) => {
    const raw = q.counts ?? {};
    const counts = {
      waiting: (raw.waiting ?? 0) + (raw.prioritized ?? 0) + (raw["waiting-children"] ?? 0) + (raw.paused ?? 0),
      active: raw.active ?? 0,
      delayed: raw.delayed ?? 0,
      completed: raw.completed ?? 0,
      failed: raw.failed ?? 0,
      total: 0,
    };
    counts.total = counts.waiting + counts.active + counts.delayed + counts.completed + counts.failed;
    const jobs = (jobsByQueue.get(q.name) ?? q.jobs ?? []).map((j) => ({
      id: String(j.id ?? ""),
      name: j.name ?? "",
      queue: q.name,
      state: jobState(j, raw),
      attempts: j.attempts ?? 0,
      failedReason: j.failedReason ?? undefined,
      createdAt: j.timestamp ?? 0,
      processedAt: j.processedOn ?? undefined,
      finishedAt: j.finishedOn ?? undefined,
    }));
    return {
      name: q.name,
      counts,
      paused: q.isPaused === true,
      hasWorkers: typeof q.hasWorkers === "boolean" ? q.hasWorkers : undefined,
      jobs,
    };
  });
}

const JOBS_PER_QUEUE = 5;

async function readQueueDashboard(): Promise<QueueInfo[]> {
  const res = await get("/queues/api/queues");
  if (!res.ok) throw new Error(`The queue dashboard answered ${res.status} ${res.statusText}.`);
  const body = (await res.json()) as { queues?: BoardQueue[] };
  const names = (body.queues ?? []).map((q) => q.name);
  // The dashboard returns jobs for its "active" queue only: one request per queue, in parallel.
  const perQueue = await Promise.all(
    names.map(async (name) => {
      const r = await get(
        `/queues/api/queues?activeQueue=${encodeURIComponent(name)}&status=latest&page=1&jobsPerPage=${JOBS_PER_QUEUE}`,
      );
      if (!r.ok) return [name, []] as const;
      const b = (await r.json()) as { queues?: BoardQueue[] };
      return [name, b.queues?.find((q) => q.name === name)?.jobs ?? []] as const;
    }),
  );
  return readQueues(body, new Map(perQueue.map(([n, jobs]) => [n, [...jobs]])));
}

async function readMetrics(): Promise<MetricsSummary> {
  const res = await get("/metrics");
  if (!res.ok) throw new Error(`/metrics answered ${res.status} ${res.statusText}.`);
  return summariseMetrics(parsePrometheus(await res.text()));
}

/** Health, metrics and queues of the gateway; `reachable: false` when it does not answer. */
export async function getGatewayStatus(): Promise<GatewayStatus> {
  const url = config.gatewayUrl;
  let health: Health;
  try {
    const res = await get("/health");
    const body = await res.json().catch(() => undefined);
    if (!body) throw new GatewayDownError(url, `/health answered ${res.status} without a report`);
    health = readHealth(body);
  } catch (e) {
    return { reachable: false, url, error: (e as Error).message };
  }
  const [metrics, queues] = await Promise.allSettled([readMetrics(), readQueueDashboard()]);
  return {
    reachable: true,
    url,
    health,
    metrics:
      metrics.status === "fulfilled"
        ? { summary: metrics.value }
        : { error: String((metrics.reason as Error).message) },
    queues:
      queues.status === "fulfilled" ? { list: queues.value } : { error: String((queues.reason as Error).message) },
  };
}

// ---------------------------------------------------------------------------------------------
// Earnings from the chain

export type AcceptedEvent = { taskId: bigint; agent: Address; payment: bigint; blockNumber: bigint };

export type AgentEarnings = {
  agent: Address;
  tasks: number;
  /** Total paid per token, native first. */
  totals: { token: TokenInfo; amount: bigint }[];
};

export type Earnings = {
  agents: AgentEarnings[];
  /** Cumulative native earnings per agent over time: { time, [agent]: ETH }. */
  series: Record<string, number>[];
  /** The agents the series has a key for, most earned first. */
  seriesAgents: Address[];
};

/**
 * Joins payments with each task's token and adds them up per agent and token; the series holds
 * each agent's cumulative native earnings at every payment's time.
 */
export function aggregateEarnings(
  accepted: readonly AcceptedEvent[],
  tokenOfTask: ReadonlyMap<bigint, Address>,
  tokens: ReadonlyMap<Address, TokenInfo>,
  times: ReadonlyMap<bigint, number>,
): Earnings {
  const sorted = [...accepted].sort((a, b) =>
    a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0,
  );
  const perAgent = new Map<Address, { tasks: number; totals: Map<Address, bigint> }>();
  const cumulative = new Map<Address, bigint>();
  const series: Record<string, number>[] = [];
  for (const e of sorted) {
    const agent = getAddress(e.agent);
    const token = getAddress(tokenOfTask.get(e.taskId) ?? NATIVE_ASSET);
    const entry = perAgent.get(agent) ?? { tasks: 0, totals: new Map() };
    entry.tasks += 1;
    entry.totals.set(token, (entry.totals.get(token) ?? 0n) + e.payment);
    perAgent.set(agent, entry);
    if (token !== NATIVE_ASSET) continue;
    cumulative.set(agent, (cumulative.get(agent) ?? 0n) + e.payment);
    const time = times.get(e.blockNumber) ?? 0;
    const last = series[series.length - 1];
    const row = last && last.time === time ? last : { time };
    for (const [a, wei] of cumulative) row[a] = Number(wei) / 1e18;
    if (row !== last) series.push(row);
  }
  const agents = [...perAgent].map(([agent, { tasks, totals }]) => ({
    agent,
    tasks,
    totals: [...totals]
      .map(([address, amount]) => ({ token: tokens.get(address) ?? { ...ETH, address, symbol: "tokens" }, amount }))
      .sort((a, b) => (a.token.address === NATIVE_ASSET ? -1 : b.token.address === NATIVE_ASSET ? 1 : 0)),
  }));
  const native = (a: AgentEarnings) => a.totals.find((t) => t.token.address === NATIVE_ASSET)?.amount ?? 0n;
  agents.sort((a, b) => (native(a) === native(b) ? b.tasks - a.tasks : native(a) > native(b) ? -1 : 1));
  return { agents, series, seriesAgents: agents.filter((a) => native(a) > 0n).map((a) => a.agent) };
}

/** What every agent was paid, from TaskAccepted events (one getLogs each for payments and tokens). */
export async function getChainEarnings(): Promise<Earnings> {
  const tokenAddress = contract("DemoToken").address;
  const [accepted, created, [symbol, decimals]] = await Promise.all([
    events("TaskEscrow", "TaskAccepted").then(logs<{ taskId: bigint; agent: Address; payment: bigint }>),
    events("TaskEscrow", "TaskCreated").then(logs<{ taskId: bigint; token: Address }>),
    multiread<[string, number]>([call("DemoToken", "symbol"), call("DemoToken", "decimals")]),
  ]);
  const times = await blockTimes(accepted.map((e) => e.blockNumber));
  const tokens = new Map<Address, TokenInfo>([
    [NATIVE_ASSET, ETH],
    [getAddress(tokenAddress), { address: getAddress(tokenAddress), symbol, decimals: Number(decimals) }],
  ]);
  return aggregateEarnings(
    accepted.map((e) => ({
      taskId: e.args.taskId,
      agent: e.args.agent,
      payment: e.args.payment,
      blockNumber: e.blockNumber,
    })),
    new Map(created.map((e) => [e.args.taskId, e.args.token])),
    tokens,
    times,
  );
}
