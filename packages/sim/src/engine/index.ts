export {
  decodeFloat32,
  decodeFloat64,
  decodeInt16,
  decodeInt32,
  decodeUint8,
  decodeUint16,
  decodeUint32,
  encodeTyped,
} from "./codec.ts";
export type { QueueSnapshot } from "./eventQueue.ts";
export { EventQueue } from "./eventQueue.ts";
export type { RngState } from "./rng.ts";
export { hashSeed, Rng } from "./rng.ts";
export type { EngineCheckpoint, Progress, RunForOptions, RunForResult, SimModel } from "./simulator.ts";
export { ROUND_EVENT, Simulator } from "./simulator.ts";
