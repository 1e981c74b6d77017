/** The status view of a worker fleet: its tasks by stage, its queues, and what it has earned. */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { formatEther } from "viem";

const TYPE_LABEL: Record<number, string> = { 1: "LLM", 2: "simulation", 3: "gov. sim", 4: "human" };

function bar(fraction: number, width = 12): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

export async function renderStatus(redis: Redis, namespace: string, queues: Record<string, Queue>): Promise<string> {
  const { StatusBoard } = await import("@aos/workers/agent/statusBoard.ts");
  const board = new StatusBoard(redis, namespace);
  const [tasks, earnings] = await Promise.all([board.all(), board.earnings()]);
  const lines = [`AOS worker ${namespace.split(":").at(-1)}   ${new Date().toISOString()}`, ""];
  const native = earnings["0x0000000000000000000000000000000000000000"] ?? 0n;
  const paid = tasks.filter((t) => t.stage === "paid").length;
  lines.push(`Earned  ${formatEther(native)} ETH from ${paid} paid task${paid === 1 ? "" : "s"}`);
  for (const [token, amount] of Object.entries(earnings))
    if (token !== "0x0000000000000000000000000000000000000000")
      lines.push(`        ${formatEther(amount)} of token ${token}`);
  lines.push("");
  const counts = await Promise.all(
    Object.entries(queues).map(async ([name, q]) => {
      const c = await q.getJobCounts(
        "active",
        "waiting",
        "delayed",
        "prioritized",
        "waiting-children",
        "failed",
        "completed",
      );
      return `${name.padEnd(6)} active ${c.active ?? 0}  waiting ${(c.waiting ?? 0) + (c.prioritized ?? 0) + (c["waiting-children"] ?? 0)}  delayed ${c.delayed ?? 0}  failed ${c.failed ?? 0}  done ${c.completed ?? 0}`;
    }),
  );
  lines.push("Queues", ...counts.map((c) => `  ${c}`), "");
  lines.push(
    `Tasks (${tasks.length})`,
    `  ${"id".padEnd(5)} ${"type".padEnd(11)} ${"bounty".padEnd(12)} ${"stage".padEnd(11)} detail`,
  );
  for (const t of tasks.slice(-30)) {
    const progress =
      t.stage === "working" && t.progress !== undefined ? `${bar(t.progress / 100)} ${t.progress}% ` : "";
    lines.push(
      `  #${t.taskId.padEnd(4)} ${(TYPE_LABEL[t.taskType] ?? String(t.taskType)).padEnd(11)} ${`${formatEther(BigInt(t.bounty))}`.padEnd(12)} ${t.stage.padEnd(11)} ${progress}${t.detail}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Finds the agent fleets in a Redis and renders one (by account) or the only one. */
export async function renderFleetStatus(redisUrl: string, account?: string, prefix = "aos"): Promise<string> {
  const { Redis } = await import("ioredis");
  const { Queue } = await import("bullmq");
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    try {
      await redis.connect();
    } catch (e) {
      return `Redis does not answer at ${redisUrl} (${(e as Error).message})\n`;
    }
    const fleets = (await redis.smembers(`${prefix}:fleets`))
      .map((f) => JSON.parse(f) as { namespace: string; role: string; account: string })
      .filter((f) => f.role === "agent" && (!account || f.account.toLowerCase() === account.toLowerCase()));
    const fleet = fleets[0];
    if (!fleet)
      return account
        ? `no agent fleet for ${account} in ${redisUrl}\n`
        : `no agent fleet in ${redisUrl}: start one with \`aos worker start\`\n`;
    const queues = Object.fromEntries(
      ["tasks", "tx", "sim", "llm"].map((name) => [
        name,
        new Queue(name, { connection: redis, prefix: fleet.namespace }),
      ]),
    );
    const text = await renderStatus(redis, fleet.namespace, queues);
    await Promise.all(Object.values(queues).map((q) => q.close()));
    return text;
  } finally {
    redis.disconnect();
  }
}
