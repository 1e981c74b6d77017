import {
  binomialInterval,
  swimDisseminationPeriods,
  swimExpectedFirstDetection,
  swimFalseSuspicionProbability,
} from "./analytic.ts";
import type { DcosParams } from "./params.ts";
import type { DcosTwin } from "./twin.ts";

/** Detection-time histogram: bins of half a protocol period. */
export const HISTOGRAM_BINS = 40;

export interface Incident {
  readonly t: number;
  readonly kind: string;
  readonly subject: number;
  readonly detail: string;
}

export interface DcosSummary {
  readonly nodes: number;
  readonly simSeconds: number;
  readonly events: number;
  readonly stateBytesPerNode: number;
  readonly failures: {
    readonly independent: number;
    readonly injected: number;
    readonly cellEvents: number;
    readonly clusterEvents: number;
    readonly correlatedTiles: number;
    readonly confirmed: number;
    readonly replaced: number;
  };
  readonly swim: {
    readonly theoryFirstDetectionSeconds: number;
    readonly observed: {
      readonly samples: number;
      readonly firstDetectionMeanSeconds: number | null;
      readonly firstDetectionStdErrSeconds: number | null;
      readonly firstDetectionMaxSeconds: number;
      readonly everyoneKnowsMeanSeconds: number | null;
      readonly everyoneKnowsSamples: number;
      readonly probes: number;
      readonly messages: number;
      readonly suspicions: number;
      readonly falseSuspicions: number;
      readonly falseSuspicionsPerProbe: number;
      readonly theoryFalseSuspicionsPerProbe: number;
      readonly refutations: number;
      readonly falsePositives: number;
    };
    readonly aggregate: {
      readonly samples: number;
      readonly firstDetectionMeanSeconds: number | null;
      readonly everyoneKnowsMeanSeconds: number | null;
      readonly disseminationPeriods: number;
      readonly probes: number;
      readonly falseSuspicions: number;
    };
    readonly domainDetections: number;
  };
  readonly durability: {
    readonly k: number;
    readonly n: number;
    readonly stripes: number;
    readonly fragmentsLost: number;
    readonly fragmentsRepaired: number;
    readonly stripesLost: number;
    readonly analyticLossProbabilityPerStripe: number;
    readonly analyticExpectedLost: number;
    readonly analyticInterval99: { readonly low: number; readonly high: number };
  };
  readonly thermal: {
    readonly threshold: number;
    readonly hoursAboveThreshold: number[];
    readonly shareAboveThreshold: number[];
    readonly maxLoad: number[];
    readonly throttleSignals: number;
    readonly placedShareOfDemand: number;
  } | null;
  readonly causal: {
    readonly groupSize: number;
    readonly dataMessages: number;
    readonly deliveries: number;
    readonly causalViolations: number;
    readonly meanHoldbackMs: number;
    readonly maxHoldbackMs: number;
  } | null;
  readonly locality: {
    readonly messages: {
      readonly cell: number;
      readonly cluster: number;
      readonly layer: number;
      readonly interLayer: number;
    };
    readonly withinCell: number;
    readonly withinCluster: number;
    readonly withinLayer: number;
  };
  readonly overhead: {
    readonly share: number;
    readonly detection: number;
    readonly repair: number;
    readonly scheduling: number;
    readonly causal: number;
  };
}

export interface DcosSeries {
  readonly detectionHistogram: {
    readonly binSeconds: number;
    readonly observed: number[];
    readonly aggregate: number[];
  };
  /** load[layer][sample] at times[sample] (seconds): a heatmap matrix. */
  readonly thermal: { readonly times: number[]; readonly load: number[][] } | null;
  readonly incidents: Incident[];
}

export interface DcosResult {
  readonly format: "aos-dcos-result/1";
  readonly params: DcosParams;
  readonly summary: DcosSummary;
  readonly series: DcosSeries;
}

const mean = (s: { n: number; sum: number }) => (s.n > 0 ? s.sum / s.n : null);

export function buildResult(twin: DcosTwin): DcosResult {
  const p = twin.p;
  const c = twin.counters;
  const now = twin.sim.now;
  const sw = twin.swim?.stats;
  const det = c.detectionObserved;
  const variance = det.n > 1 ? (det.sumSq - (det.sum * det.sum) / det.n) / (det.n - 1) : 0;
  const [cell, cluster, layer, inter] = c.messagesByLevel;
  const total = cell + cluster + layer + inter || 1;
  const cpu = c.cpuDetection + c.cpuRepair + c.cpuScheduling + c.cpuCausal;
  const capacity = c.aliveTileSeconds || 1;
  const lossP = twin.analyticStripeLoss(now);
  const interval = binomialInterval(twin.stripes, lossP);
  const th = twin.thermal?.stats;
  const hlc = twin.hlc?.stats;
  const typicalCell = p.tilesPerCell;
  return {
    format: "aos-dcos-result/1",
    params: p,
    summary: {
      nodes: twin.nodes,
      simSeconds: now,
      events: twin.sim.processed,
      stateBytesPerNode: Math.round(twin.stateBytesPerNode * 10) / 10,
      failures: {
        independent: c.independentFailures,
        injected: c.injectedFailures,
        cellEvents: c.cellFailures,
        clusterEvents: c.clusterFailures,
        correlatedTiles: c.correlatedNodeFailures,
        confirmed: c.confirmed,
        replaced: c.replaced,
      },
      swim: {
        theoryFirstDetectionSeconds: swimExpectedFirstDetection(p.swim.periodSeconds, 1),
        observed: {
          samples: det.n,
          firstDetectionMeanSeconds: mean(det),
          firstDetectionStdErrSeconds: det.n > 1 ? Math.sqrt(variance / det.n) : null,
          firstDetectionMaxSeconds: det.max,
          everyoneKnowsMeanSeconds: mean(c.disseminationObserved),
          everyoneKnowsSamples: c.disseminationObserved.n,
          probes: sw?.probes ?? 0,
          messages: sw?.messages ?? 0,
          suspicions: sw?.suspicions ?? 0,
          falseSuspicions: sw?.falseSuspicions ?? 0,
          falseSuspicionsPerProbe: sw && sw.probes > 0 ? sw.failedProbesOfLive / sw.probes : 0,
          theoryFalseSuspicionsPerProbe: swimFalseSuspicionProbability(p.swim.packetLoss, p.swim.indirectProbes),
          refutations: sw?.refutations ?? 0,
          falsePositives: sw?.falsePositives ?? 0,
        },
        aggregate: {
          samples: c.detectionAggregate.n,
          firstDetectionMeanSeconds: mean(c.detectionAggregate),
          everyoneKnowsMeanSeconds: mean(c.disseminationAggregate),
          disseminationPeriods: swimDisseminationPeriods(typicalCell, p.swim.packetLoss),
          probes: Math.round(c.aggregateProbes),
          falseSuspicions: c.aggregateFalseSuspicions,
        },
        domainDetections: c.domainDetections,
      },
      durability: {
        k: p.durability.k,
        n: p.durability.n,
        stripes: twin.stripes,
        fragmentsLost: c.fragmentsLost,
        fragmentsRepaired: c.fragmentsRepaired,
        stripesLost: c.stripesLost,
        analyticLossProbabilityPerStripe: lossP,
        analyticExpectedLost: interval.mean,
        analyticInterval99: { low: interval.low, high: interval.high },
      },
      thermal: th
        ? {
            threshold: p.thermal.threshold,
            hoursAboveThreshold: th.secondsAbove.map((s) => s / 3600),
            shareAboveThreshold: th.secondsAbove.map((s) => (now > 0 ? s / now : 0)),
            maxLoad: th.maxLoad,
            throttleSignals: th.throttleSignals,
            placedShareOfDemand: th.demandTileSeconds > 0 ? th.placedTileSeconds / th.demandTileSeconds : 1,
          }
        : null,
      causal: hlc
        ? {
            groupSize: p.hlc.groupSize,
            dataMessages: hlc.dataMessages,
            deliveries: hlc.deliveries,
            causalViolations: hlc.causalViolations,
            meanHoldbackMs: hlc.deliveries > 0 ? (hlc.holdbackSum / hlc.deliveries) * 1000 : 0,
            maxHoldbackMs: hlc.holdbackMax * 1000,
          }
        : null,
      locality: {
        messages: { cell, cluster, layer, interLayer: inter },
        withinCell: cell / total,
        withinCluster: (cell + cluster) / total,
        withinLayer: (cell + cluster + layer) / total,
      },
      overhead: {
        share: cpu / capacity,
        detection: c.cpuDetection / capacity,
        repair: c.cpuRepair / capacity,
        scheduling: c.cpuScheduling / capacity,
        causal: c.cpuCausal / capacity,
      },
    },
    series: {
      detectionHistogram: {
        binSeconds: p.swim.periodSeconds / 2,
        observed: [...det.hist],
        aggregate: [...c.detectionAggregate.hist],
      },
      thermal: th ? { times: [...th.samples.t], load: th.samples.load.map((r) => [...r]) } : null,
      incidents: [...twin.incidents],
    },
  };
}
