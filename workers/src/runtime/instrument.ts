/** Metrics of a worker or verifier process, and the observer that feeds them from every queue. */
import { createMetrics } from "../metrics.ts";
import { type HealthCheck, startOpsServer } from "./opsServer.ts";
import type { JobObserver } from "./queueWorker.ts";

export function instrument() {
  const metrics = createMetrics();
  const observer: JobObserver = {
    observe(queue, seconds, outcome, error) {
      metrics.jobs.inc({ queue, outcome });
      if (seconds > 0) metrics.jobDuration.observe({ queue }, seconds);
      if (error && outcome !== "completed") metrics.errors.inc({ component: queue, error });
    },
  };
  return {
    metrics,
    observer,
    countTask: (stage: string) => metrics.tasks.inc({ stage }),
    serve: (host: string, port: number, health: HealthCheck) =>
      startOpsServer({ host, port, registry: metrics.registry, health }),
  };
}
