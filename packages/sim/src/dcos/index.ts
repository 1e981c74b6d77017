export {
  binomialInterval,
  stripeLossProbability,
  swimDisseminationPeriods,
  swimExpectedFirstDetection,
  swimFalseSuspicionProbability,
  swimPickProbability,
} from "./analytic.ts";
export type {
  DcosParams,
  DeepPartial,
  DurabilityParams,
  HlcParams,
  OverheadParams,
  SwimParams,
  ThermalParams,
} from "./params.ts";
export { DcosParamError, DEFAULT_DCOS_PARAMS, nodeCount, resolveDcosParams } from "./params.ts";
export type { DcosResult, DcosSeries, DcosSummary, Incident } from "./result.ts";
export type { DcosRunOptions } from "./runDcos.ts";
export { dcosResultToCsv, runDcos } from "./runDcos.ts";
export type { DcosCheckpoint } from "./twin.ts";
export { DcosTwin } from "./twin.ts";
