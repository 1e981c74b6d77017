/**
 * What work processors need that is not in the job: where blocks live, where checkpoints go.
 * Sandboxed processors run in worker threads, which inherit the environment, so the runtime
 * passes these through one environment variable.
 */
export interface WorkSettings {
  readonly storeDir: string;
  readonly gateways: readonly string[];
  readonly redisUrl: string;
  readonly namespace: string;
  readonly maxSimNodes: number;
  /** Wall-clock milliseconds between simulation checkpoints. */
  readonly checkpointEveryMs: number;
}

const VARIABLE = "AOS_WORK_SETTINGS";

export function publishWorkSettings(settings: WorkSettings): void {
  process.env[VARIABLE] = JSON.stringify(settings);
}

export function readWorkSettings(): WorkSettings {
  const raw = process.env[VARIABLE];
  if (!raw) throw new Error(`${VARIABLE} is not set: work processors run inside an agent runtime`);
  return JSON.parse(raw) as WorkSettings;
}
