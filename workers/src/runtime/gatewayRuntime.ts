/**
 * The gateway process: results and inputs by CID from the content store, /health, /metrics,
 * and the dashboard of every fleet's queues found in this Redis (refreshed as fleets start).
 */
import { Queue } from "bullmq";
import type { WorkerConfig } from "../config.ts";
import { startGateway } from "../gateway/server.ts";
import type { Logger } from "../log.ts";
import { createMetrics } from "../metrics.ts";
import { QUEUES } from "../queues.ts";
import { connectRedis } from "../redis.ts";
import { ContentStore } from "../results/contentStore.ts";

type Fleet = { namespace: string; role: "agent" | "verifier" };

const QUEUES_BY_ROLE: Record<Fleet["role"], readonly string[]> = {
  agent: [QUEUES.tasks, QUEUES.tx, QUEUES.sim, QUEUES.llm],
  verifier: [QUEUES.verify, QUEUES.tx],
};

export async function startGatewayProcess(options: { config: WorkerConfig; log: Logger }) {
  const { config, log } = options;
  const redis = connectRedis(config.redis.url);
  redis.on("error", (e) => log.debug({ error: e.message }, "redis connection error"));
  const store = new ContentStore(config.store.dir);
  const metrics = createMetrics();
  const queues = new Map<string, Queue>();
  const gateway = await startGateway({
    host: config.gateway.host,
    port: config.gateway.port,
    store,
    registry: metrics.registry,
    queues: [],
    health: async () => {
      const redisOk = await redis.ping().then(
        () => true,
        () => false,
      );
      return { ok: redisOk, checks: { redis: { ok: redisOk }, store: { ok: true, detail: store.directory } } };
    },
  });
  const refresh = async () => {
    try {
      const fleets = (await redis.smembers(`${config.redis.prefix}:fleets`)).map((f) => JSON.parse(f) as Fleet);
      let changed = false;
      for (const fleet of fleets)
        for (const name of QUEUES_BY_ROLE[fleet.role] ?? []) {
          const key = `${fleet.namespace}|${name}`;
          if (queues.has(key)) continue;
          queues.set(key, new Queue(name, { connection: redis, prefix: fleet.namespace }));
          changed = true;
        }
      if (changed) gateway.replaceQueues([...queues.values()]);
    } catch (e) {
      log.debug({ error: (e as Error).message }, "fleet discovery failed");
    }
  };
  await refresh();
  const timer = setInterval(refresh, 2000);
  return {
    url: gateway.url,
    async close() {
      clearInterval(timer);
      await gateway.close();
      await Promise.all([...queues.values()].map((q) => q.close()));
      redis.disconnect();
    },
  };
}
