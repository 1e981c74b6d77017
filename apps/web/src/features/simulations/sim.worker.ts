/// <reference lib="webworker" />
/**
 * Runs one simulation off the main thread: the DCOS digital twin or the governance simulator,
 * with their progress callbacks, then lays out the reputation network. The protocol is in
 * protocol.ts; the page cancels a run by terminating this worker.
 */
import { runDcos } from "@aos/sim/dcos/runDcos.ts";
import { resolveScenario } from "@aos/sim/governance/scenario.ts";
import { runGovernanceSimulation } from "@aos/sim/governance/simulate.ts";
import { layoutNetwork } from "./layout";
import { handleRunRequest, type RunRequest, type WorkerMessage } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<RunRequest>) => {
  handleRunRequest(event.data, {
    post: (message: WorkerMessage) => self.postMessage(message),
    now: () => performance.now(),
    runDcos,
    resolveScenario,
    runGovernance: runGovernanceSimulation,
    layoutNetwork: (network) => layoutNetwork(network),
  });
};
