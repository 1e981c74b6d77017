/**
 * What work processors need that is not in the job: where blocks live, where checkpoints go.
 * Sandboxed processors run in worker threads; each runtime hands its own settings to its own
 * threads through their environment (not the process's, which an agent and a verifier in one
 * process would share).
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

/** BullMQ worker options that start the sandboxed processor's threads with these settings. */
export function sandboxWithSettings(settings: WorkSettings) {
  return {
    useWorkerThreads: true,
    workerThreadsOptions: { env: { ...process.env, [VARIABLE]: JSON.stringify(settings) } },
  };
}

export function readWorkSettings(): WorkSettings {
  const raw = process.env[VARIABLE];
  if (!raw) throw new Error(`${VARIABLE} is not set: work processors run inside an agent runtime`);
  return JSON.parse(raw) as WorkSettings;
}
