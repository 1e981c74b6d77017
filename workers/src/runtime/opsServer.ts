/** /health and /metrics of a worker or verifier process (the gateway serves its own, with more). */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export type HealthCheck = () => Promise<{ ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> }>;

export async function startOpsServer(options: { host: string; port: number; registry: Registry; health: HealthCheck }) {
  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": options.registry.contentType });
        res.end(await options.registry.metrics());
      } else if (req.url === "/health") {
        const health = await options.health();
        res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(health));
      } else {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "NotFound", message: "try /health or /metrics" }));
      }
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${options.host}:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
