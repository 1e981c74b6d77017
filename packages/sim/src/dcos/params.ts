/**
 * Parameters of the DCOS digital twin, their defaults, and their validation.
 *
 * Scale note: 002 names cells of ~10^3 tiles and clusters of ~10^6 tiles. A
 * 1,048,576-tile twin cannot hold a full 10^6-tile cluster and still have more
 * than one, so the default shape keeps the cell at 1,024 tiles and scales the
 * upper levels down: 4 layers x 4 clusters x 64 cells x 1,024 tiles. Every level
 * size is a parameter.
 */
export interface SwimParams {
  /** Protocol period T' in seconds. */
  readonly periodSeconds: number;
  /** Direct ping timeout before indirect probes, seconds (must leave room in the period). */
  readonly pingTimeoutSeconds: number;
  /** Number k of members asked for an indirect probe. */
  readonly indirectProbes: number;
  /** Suspicion timeout, in protocol periods. */
  readonly suspicionPeriods: number;
  /** Probability that any one message is lost. */
  readonly packetLoss: number;
  /** Each update is piggybacked lambda * ln(n) times by each member. */
  readonly piggybackLambda: number;
  /** Cells simulated message by message; the others use per-failure analytic sampling. */
  readonly observedCells: number;
  /** Missed heartbeats before a whole cell or cluster is declared down by its parent. */
  readonly domainHeartbeatSeconds: number;
}

export interface DurabilityParams {
  readonly k: number;
  readonly n: number;
  /** Average number of fragments stored per tile; sets the number of stripes. */
  readonly fragmentsPerTile: number;
  /** Mean time to rebuild one fragment after the failure is confirmed (exponential), seconds. */
  readonly repairMeanSeconds: number;
  readonly fragmentBytes: number;
}

export interface ThermalParams {
  readonly enabled: boolean;
  /** Heat-rejection capacity of layer j = factor[j] x tiles in layers 0..j (a busy tile makes 1 unit of heat, all heat flows outward). */
  readonly rejectionFactor: readonly number[];
  readonly threshold: number;
  /** The scheduler keeps this much below the threshold when it places work. */
  readonly placementMargin: number;
  /** Mean demand as a share of all tiles, with a daily sinusoid of the given amplitude. */
  readonly demandUtilization: number;
  readonly diurnalAmplitude: number;
  /** Radiator degradation events per layer per day, their mean duration and depth. */
  readonly radiatorDipsPerDay: number;
  readonly radiatorDipMeanHours: number;
  readonly radiatorDipDepth: number;
  readonly schedulingIntervalSeconds: number;
  /** Sample period of the thermal heatmap, seconds. */
  readonly sampleSeconds: number;
}

export interface HlcParams {
  /** Members of the first observed cell that run the causal-broadcast workload (0 disables). */
  readonly groupSize: number;
  readonly messagesPerMemberPerSecond: number;
  readonly heartbeatSeconds: number;
  /** Maximum physical clock offset of a member, seconds (uniform in +-). */
  readonly clockSkewSeconds: number;
}

export interface OverheadParams {
  /** Compute time to send, authenticate and handle one OS message, seconds. */
  readonly messageCpuSeconds: number;
  /** Erasure decoding throughput, bytes per second of one tile. */
  readonly decodeBytesPerSecond: number;
  /** Compute time of one cell's scheduling decision per scheduling round, seconds. */
  readonly schedulingCpuSecondsPerCell: number;
}

export interface DcosParams {
  readonly seed: number | string;
  readonly layers: number;
  readonly clustersPerLayer: number;
  readonly cellsPerCluster: number;
  readonly tilesPerCell: number;
  /** One-way link delay within a cell, a cluster, a layer, and between layers (seconds). */
  readonly linkDelaySeconds: readonly [number, number, number, number];
  readonly simHours: number;
  /** Independent hard failures per tile per year. */
  readonly failureRatePerYear: number;
  /** Correlated failures of a whole cell, per cell per year, and of a whole cluster, per cluster per year. */
  readonly cellFailureRatePerYear: number;
  readonly clusterFailureRatePerYear: number;
  /** A failed tile is replaced (empty) this long after its failure is confirmed; <= 0 never. */
  readonly replaceAfterHours: number;
  /** Period of the aggregate (round-based) bookkeeping, seconds. */
  readonly aggregateRoundSeconds: number;
  readonly swim: SwimParams;
  readonly durability: DurabilityParams;
  readonly thermal: ThermalParams;
  readonly hlc: HlcParams;
  readonly overhead: OverheadParams;
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly number[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

export const DEFAULT_DCOS_PARAMS: DcosParams = {
  seed: 1,
  layers: 4,
  clustersPerLayer: 4,
  cellsPerCluster: 64,
  tilesPerCell: 1024,
  linkDelaySeconds: [0.002, 0.5, 30, 3600],
  simHours: 24,
  failureRatePerYear: 0.05,
  cellFailureRatePerYear: 0.01,
  clusterFailureRatePerYear: 0.001,
  replaceAfterHours: 72,
  aggregateRoundSeconds: 60,
  swim: {
    periodSeconds: 1,
    pingTimeoutSeconds: 0.2,
    indirectProbes: 3,
    suspicionPeriods: 15,
    packetLoss: 0.01,
    piggybackLambda: 3,
    observedCells: 1,
    domainHeartbeatSeconds: 10,
  },
  durability: { k: 20, n: 60, fragmentsPerTile: 2, repairMeanSeconds: 600, fragmentBytes: 1 << 20 },
  thermal: {
    enabled: true,
    rejectionFactor: [0.85, 0.85, 0.85, 0.85],
    threshold: 0.9,
    placementMargin: 0.03,
    demandUtilization: 0.72,
    diurnalAmplitude: 0.1,
    radiatorDipsPerDay: 1,
    radiatorDipMeanHours: 2,
    radiatorDipDepth: 0.15,
    schedulingIntervalSeconds: 60,
    sampleSeconds: 900,
  },
  hlc: { groupSize: 16, messagesPerMemberPerSecond: 0.2, heartbeatSeconds: 2, clockSkewSeconds: 0.001 },
  overhead: { messageCpuSeconds: 50e-6, decodeBytesPerSecond: 200e6, schedulingCpuSecondsPerCell: 0.002 },
};

/** A parameter outside its valid range; `option` names it the way the CLI and JSON do. */
export class DcosParamError extends Error {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = "DcosParamError";
    this.option = option;
  }
}

function merge<T>(base: T, over: unknown): T {
  if (over === undefined || over === null) return base;
  if (typeof base !== "object" || base === null || Array.isArray(base)) return over as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!(key in out)) throw new DcosParamError(key, "unknown DCOS parameter");
    out[key] = merge(out[key], value);
  }
  return out as T;
}

function check(cond: boolean, option: string, message: string): void {
  if (!cond) throw new DcosParamError(option, message);
}

const isInt = (x: number, min: number) => Number.isInteger(x) && x >= min;

/** Defaults overlaid with `partial`, validated; throws DcosParamError naming the bad option. */
export function resolveDcosParams(partial: DeepPartial<DcosParams> = {}): DcosParams {
  const p = merge(DEFAULT_DCOS_PARAMS, partial);
  check(isInt(p.layers, 1), "layers", "must be an integer >= 1");
  check(isInt(p.clustersPerLayer, 1), "clustersPerLayer", "must be an integer >= 1");
  check(isInt(p.cellsPerCluster, 1), "cellsPerCluster", "must be an integer >= 1");
  check(isInt(p.tilesPerCell, 4), "tilesPerCell", "must be an integer >= 4");
  const nodes = p.layers * p.clustersPerLayer * p.cellsPerCluster * p.tilesPerCell;
  check(nodes <= 1 << 27, "nodes", `at most 134,217,728 tiles, got ${nodes}`);
  check(
    p.linkDelaySeconds.length === 4 && p.linkDelaySeconds.every((d) => d > 0),
    "linkDelaySeconds",
    "four positive delays",
  );
  check(p.simHours > 0, "simHours", "must be positive");
  check(p.failureRatePerYear >= 0, "failureRatePerYear", "must be >= 0");
  check(p.cellFailureRatePerYear >= 0, "cellFailureRatePerYear", "must be >= 0");
  check(p.clusterFailureRatePerYear >= 0, "clusterFailureRatePerYear", "must be >= 0");
  check(p.aggregateRoundSeconds > 0, "aggregateRoundSeconds", "must be positive");
  const s = p.swim;
  check(s.periodSeconds > 0, "swim.periodSeconds", "must be positive");
  check(
    s.pingTimeoutSeconds > 2 * p.linkDelaySeconds[0] &&
      s.pingTimeoutSeconds + 4 * p.linkDelaySeconds[0] < s.periodSeconds,
    "swim.pingTimeoutSeconds",
    "must exceed one round trip and leave room for the indirect probe within the period",
  );
  check(isInt(s.indirectProbes, 0), "swim.indirectProbes", "must be an integer >= 0");
  check(s.suspicionPeriods >= 1, "swim.suspicionPeriods", "must be >= 1");
  check(s.packetLoss >= 0 && s.packetLoss < 1, "swim.packetLoss", "must be in [0, 1)");
  check(s.piggybackLambda > 0, "swim.piggybackLambda", "must be positive");
  check(
    isInt(s.observedCells, 0) && s.observedCells <= p.layers * p.clustersPerLayer * p.cellsPerCluster,
    "swim.observedCells",
    "must be an integer between 0 and the number of cells",
  );
  check(p.tilesPerCell <= 65536 || s.observedCells === 0, "tilesPerCell", "observed cells hold at most 65,536 tiles");
  const d = p.durability;
  check(isInt(d.k, 1) && isInt(d.n, 2) && d.k < d.n, "durability", "needs integers 1 <= k < n");
  check(
    d.fragmentsPerTile === 0 || d.n <= p.layers * p.clustersPerLayer * p.cellsPerCluster,
    "durability.n",
    "cannot exceed the number of cells (one fragment per cell)",
  );
  check(d.fragmentsPerTile >= 0, "durability.fragmentsPerTile", "must be >= 0");
  check(d.repairMeanSeconds > 0, "durability.repairMeanSeconds", "must be positive");
  const t = p.thermal;
  check(
    t.rejectionFactor.length >= p.layers && t.rejectionFactor.every((x) => x > 0),
    "thermal.rejectionFactor",
    "one positive factor per layer",
  );
  check(t.threshold > 0 && t.threshold <= 1, "thermal.threshold", "must be in (0, 1]");
  check(t.demandUtilization >= 0, "thermal.demandUtilization", "must be >= 0");
  check(
    t.schedulingIntervalSeconds > 0 && t.sampleSeconds > 0,
    "thermal.schedulingIntervalSeconds",
    "intervals must be positive",
  );
  const h = p.hlc;
  check(
    isInt(h.groupSize, 0) && (h.groupSize === 0 || (h.groupSize >= 2 && h.groupSize <= p.tilesPerCell)),
    "hlc.groupSize",
    "0, or between 2 and tilesPerCell",
  );
  check(
    h.groupSize === 0 || s.observedCells >= 1,
    "hlc.groupSize",
    "needs at least one observed cell (swim.observedCells)",
  );
  check(
    h.messagesPerMemberPerSecond > 0 && h.heartbeatSeconds > 0,
    "hlc.messagesPerMemberPerSecond",
    "rates must be positive",
  );
  return p;
}

export function nodeCount(p: DcosParams): number {
  return p.layers * p.clustersPerLayer * p.cellsPerCluster * p.tilesPerCell;
}
