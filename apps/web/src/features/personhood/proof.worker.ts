/// <reference lib="webworker" />
/**
 * Semaphore proofs off the main thread: the page stays responsive while the circuit downloads and
 * snarkjs proves. The protocol and the work itself are in proofProtocol.ts; this file wires them
 * to the browser (fetch with byte progress, the Semaphore libraries, postMessage).
 *
 * Under Turbopack this runs as a module worker. snarkjs's browser build (the package's "browser"
 * export, picked because this bundle targets the browser) needs no polyfill here: its file access
 * takes the circuit as bytes (we pass Uint8Arrays, so it never tries `fs` or its own fetch), and
 * ffjavascript starts its own helper threads with `new Worker("data:...")`, which dedicated
 * workers may do in current browsers. Randomness (new identities) comes from `self.crypto`,
 * checked before any work.
 */
import { Group } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { generateProof } from "@semaphore-protocol/proof";
import {
  handleWorkerRequest,
  type ProverDeps,
  type SemaphoreLibs,
  type WorkerRequest,
  type WorkerResponse,
} from "./proofProtocol";

declare const self: DedicatedWorkerGlobalScope;

// The BN254 curve and snarkjs's helper threads take hundreds of milliseconds to set up. They are
// built as soon as the worker starts (the page creates it on mount), while the user reads the
// page and the group and the circuit load, so that a proof does not wait for them. snarkjs keeps
// the curve for the worker's life; a failure here only means the proof builds it itself.
void import("snarkjs")
  .then((snarkjs) =>
    (snarkjs as unknown as { curves: { getCurveFromName(name: string): Promise<unknown> } }).curves.getCurveFromName(
      "bn128",
    ),
  )
  .catch(() => undefined);

async function fetchBytes(url: string, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: string; message?: string };
      if (body.message) detail = `${body.error ?? response.status}: ${body.message}`;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new Error(`${url}: ${detail}`);
  }
  const total =
    Number(response.headers.get("x-artifact-bytes")) ||
    (response.headers.get("content-encoding") ? 0 : Number(response.headers.get("content-length"))) ||
    0;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress(bytes.length, bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

const libs: SemaphoreLibs = {
  importIdentity: (exported) => Identity.import(exported),
  createGroup: (members) => new Group(members),
  generateProof: (identity, group, message, scope, depth, artifacts) =>
    // The library's type names file paths; its browser build reads bytes just as well.
    generateProof(identity as Identity, group as unknown as Group, message, scope, depth, artifacts as never),
  randomIdentity: () => new Identity(),
};

const deps: ProverDeps = {
  hasWebCrypto: () => typeof self.crypto?.getRandomValues === "function",
  fetchBytes,
  semaphore: async () => libs,
  randomCommitment: () => {
    const bytes = self.crypto.getRandomValues(new Uint8Array(31));
    let value = 0n;
    for (const b of bytes) value = (value << 8n) | BigInt(b);
    return value === 0n ? 1n : value;
  },
  now: () => performance.now(),
};

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handleWorkerRequest(event.data, deps, (response: WorkerResponse) => self.postMessage(response));
};
