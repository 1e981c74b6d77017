import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addWei, createMetrics } from "./metrics.ts";

describe("createMetrics", () => {
  it("registers the aos_ metrics and default process metrics on its own registry", async () => {
    const metrics = createMetrics();
    metrics.jobs.inc({ queue: "claim", outcome: "completed" });
    metrics.jobDuration.observe({ queue: "claim" }, 0.2);
    metrics.tasks.inc({ stage: "paid" });
    addWei(metrics.earningsWei, "0x0000000000000000000000000000000000000000", 5n * 10n ** 16n);
    metrics.llmCostUsd.inc({ service: "claude" }, 0.013);
    const text = await metrics.registry.metrics();
    assert.match(text, /aos_jobs_total\{queue="claim",outcome="completed"\} 1/);
    assert.match(text, /aos_job_duration_seconds_bucket\{le="0.5",queue="claim"\} 1/);
    assert.match(text, /aos_tasks_total\{stage="paid"\} 1/);
    assert.match(text, /aos_earnings_wei_total\{token="0x0{40}"\} 50000000000000000/);
    assert.match(text, /aos_llm_cost_usd_total\{service="claude"\} 0.013/);
    assert.match(text, /aos_process_cpu_seconds_total/);
    for (const name of ["aos_llm_calls_total", "aos_transactions_total", "aos_errors_total"])
      assert.match(text, new RegExp(`# TYPE ${name} counter`));
  });

  it("keeps two sets apart (no clash on prom-client's global registry)", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.errors.inc({ component: "watcher", error: "RpcError" });
    assert.match(await a.registry.metrics(), /aos_errors_total\{component="watcher",error="RpcError"\} 1/);
    assert.doesNotMatch(await b.registry.metrics(), /component="watcher"/);
    addWei(b.earningsWei, "0xABC", 0n);
    assert.doesNotMatch(await b.registry.metrics(), /token=/);
  });
});
