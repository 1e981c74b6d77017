"use client";
/**
 * A finished run: summary figures, the charts (loaded lazily so that recharts stays out of the
 * page's first load), and downloads of the full result.
 */
import dynamic from "next/dynamic";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button, Card, Skeleton } from "@/components/ui";
import type { DcosRun, FinishedRun, GovernanceRun } from "./protocol";

const DecisionFlowChart = dynamic(() => import("@/components/charts/DecisionFlowChart"), {
  ssr: false,
  loading: () => <Skeleton height={560} label="Loading the decision flow chart" />,
});
const ReputationNetwork = dynamic(() => import("@/components/charts/ReputationNetwork"), {
  ssr: false,
  loading: () => <Skeleton height={520} label="Loading the reputation network" />,
});
const IncidentTimeline = dynamic(() => import("@/components/charts/IncidentTimeline"), {
  ssr: false,
  loading: () => <Skeleton height={220} label="Loading the incidents timeline" />,
});
const ThermalHeatmap = dynamic(() => import("@/components/charts/ThermalHeatmap"), {
  ssr: false,
  loading: () => <Skeleton height={260} label="Loading the thermal heatmap" />,
});
const DetectionHistogram = dynamic(() => import("@/components/charts/DetectionHistogram"), {
  ssr: false,
  loading: () => <Skeleton height={340} label="Loading the detection histogram" />,
});

/**
 * A chart's container: carries its data-testid, and data-ready="true" once the chart's SVG has
 * been drawn into it (watched with a MutationObserver, whatever the chart's library).
 */
export function ChartFrame({
  testId,
  title,
  description,
  minHeight,
  children,
}: {
  testId: string;
  title: string;
  description?: ReactNode;
  minHeight: number;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const drawn = () => {
      const svg = el.querySelector("svg.recharts-surface, svg.chart-svg");
      return svg !== null && svg.querySelector("rect, circle, path, line, polygon, text") !== null;
    };
    if (drawn()) {
      setReady(true);
      return;
    }
    const observer = new MutationObserver(() => {
      if (drawn()) {
        setReady(true);
        observer.disconnect();
      }
    });
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <Card title={title} className="sim-chart-card">
      {description ? <p className="muted small sim-chart-description">{description}</p> : null}
      <div
        ref={ref}
        className="chart-box sim-chart"
        data-testid={testId}
        data-ready={ready ? "true" : "false"}
        style={{ minHeight }}
      >
        {children}
      </div>
    </Card>
  );
}

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="stat" title={hint}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const n0 = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
const n2 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: 2 });
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const secs = (x: number | null) => (x === null ? "–" : `${x.toFixed(2)} s`);
const hours = (s: number) => `${n2(s / 3600)} h`;

export function wallTime(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Saves text as a file through a temporary link. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileStem(run: FinishedRun): string {
  return `aos-${run.kind}-${new Date(run.startedAt).toISOString().replaceAll(":", "-").slice(0, 19)}`;
}

function Downloads({ run }: { run: FinishedRun }) {
  const [csvError, setCsvError] = useState<string | null>(null);
  const json = () => {
    const body =
      run.outcome.kind === "dcos" ? run.outcome.result : { ...run.outcome.result, layout: run.outcome.network };
    downloadText(`${fileStem(run)}.json`, `${JSON.stringify(body, null, 2)}\n`, "application/json");
  };
  const csv = async () => {
    if (run.outcome.kind !== "dcos") return;
    try {
      // Loaded on demand: it brings the twin's code, which the page itself does not need.
      const { dcosResultToCsv } = await import("@aos/sim/dcos/runDcos.ts");
      downloadText(`${fileStem(run)}.csv`, dcosResultToCsv(run.outcome.result), "text/csv");
      setCsvError(null);
    } catch (err) {
      setCsvError(`The CSV could not be written: ${(err as Error).message}`);
    }
  };
  return (
    <div className="sim-downloads">
      <Button variant="secondary" onClick={json}>
        Download results (JSON)
      </Button>
      {run.outcome.kind === "dcos" ? (
        <Button variant="secondary" onClick={csv}>
          Download CSV
        </Button>
      ) : null}
      {csvError ? (
        <p className="error-text" role="alert">
          {csvError}
        </p>
      ) : null}
    </div>
  );
}

function DcosResults({ outcome }: { outcome: DcosRun }) {
  const { summary: s, series, params } = outcome.result;
  const sw = s.swim;
  const simHours = s.simSeconds / 3600;
  return (
    <>
      <Card title="Summary">
        <dl className="stats">
          <Stat label="Tiles" value={n0(s.nodes)} />
          <Stat label="Simulated" value={hours(s.simSeconds)} />
          <Stat label="Events" value={n0(s.events)} />
          <Stat label="Tile failures" value={n0(s.failures.independent)} hint="Independent hard failures" />
          <Stat
            label="Cells / clusters lost"
            value={`${n0(s.failures.cellEvents)} / ${n0(s.failures.clusterEvents)}`}
            hint={`${n0(s.failures.correlatedTiles)} tiles in correlated failures`}
          />
          <Stat label="Failures confirmed" value={n0(s.failures.confirmed)} />
          <Stat
            label="First detection (observed)"
            value={secs(sw.observed.firstDetectionMeanSeconds)}
            hint={`${sw.observed.samples} samples`}
          />
          <Stat
            label="First detection (aggregate)"
            value={secs(sw.aggregate.firstDetectionMeanSeconds)}
            hint={`${sw.aggregate.samples} samples`}
          />
          <Stat label="Theory (from period start)" value={secs(sw.theoryFirstDetectionSeconds)} />
          <Stat label="Everyone knows (aggregate)" value={secs(sw.aggregate.everyoneKnowsMeanSeconds)} />
          <Stat
            label="False suspicions / probe"
            value={sw.observed.probes > 0 ? sw.observed.falseSuspicionsPerProbe.toExponential(2) : "–"}
            hint={`theory ${sw.observed.theoryFalseSuspicionsPerProbe.toExponential(2)}`}
          />
          <Stat
            label="Fragments lost / repaired"
            value={`${n0(s.durability.fragmentsLost)} / ${n0(s.durability.fragmentsRepaired)}`}
          />
          <Stat
            label="Stripes lost"
            value={`${n0(s.durability.stripesLost)} of ${n0(s.durability.stripes)}`}
            hint={`analytic expectation ${s.durability.analyticExpectedLost.toExponential(2)}`}
          />
          {s.thermal ? (
            <>
              <Stat label="Throttle signals" value={n0(s.thermal.throttleSignals)} />
              <Stat label="Demand placed" value={pct(s.thermal.placedShareOfDemand)} />
            </>
          ) : null}
          {s.causal ? (
            <Stat
              label="Causal violations"
              value={`${n0(s.causal.causalViolations)} in ${n0(s.causal.deliveries)}`}
              hint={`mean hold-back ${n2(s.causal.meanHoldbackMs)} ms`}
            />
          ) : null}
          <Stat label="Traffic within a cell" value={pct(s.locality.withinCell, 3)} />
          <Stat label="OS overhead" value={pct(s.overhead.share, 4)} />
        </dl>
      </Card>
      {series.thermal && s.thermal ? (
        <ChartFrame
          testId="chart-thermal-heatmap"
          title="Thermal load by layer"
          description="Heat each layer must reject over its capacity, sampled through the run. Above the threshold the scheduler throttles placement."
          minHeight={220}
        >
          <ThermalHeatmap
            thermal={series.thermal}
            threshold={s.thermal.threshold}
            hoursAboveThreshold={s.thermal.hoursAboveThreshold}
            maxLoad={s.thermal.maxLoad}
            simHours={simHours}
          />
        </ChartFrame>
      ) : (
        <Card title="Thermal load by layer">
          <p className="muted">The thermal model was off in this run.</p>
        </Card>
      )}
      <ChartFrame
        testId="chart-detection-histogram"
        title="Failure detection times"
        description="How long SWIM took to first suspect a failed tile: cells simulated message by message against analytic sampling for the rest of the fleet."
        minHeight={340}
      >
        <DetectionHistogram
          histogram={series.detectionHistogram}
          theorySeconds={sw.theoryFirstDetectionSeconds}
          periodSeconds={params.swim.periodSeconds}
          observedMeanSeconds={sw.observed.firstDetectionMeanSeconds}
          aggregateMeanSeconds={sw.aggregate.firstDetectionMeanSeconds}
        />
      </ChartFrame>
      <ChartFrame
        testId="chart-incidents"
        title="Incidents"
        description="Whole cells or clusters lost, radiator dips, data loss and false failures, in simulated time."
        minHeight={120}
      >
        <IncidentTimeline
          events={series.incidents.map((i) => ({ t: i.t, type: i.kind, detail: i.detail }))}
          durationHours={simHours}
        />
      </ChartFrame>
    </>
  );
}

function GovernanceResults({ outcome }: { outcome: GovernanceRun }) {
  const { metrics: m, charts } = outcome.result;
  const durationHours = Math.max(m.simulatedHours, (outcome.durationTicks * outcome.tickSeconds) / 3600);
  return (
    <>
      <Card title="Summary">
        <dl className="stats">
          <Stat label="Agents" value={n0(m.bots)} />
          <Stat label="Malicious" value={n0(m.maliciousBots)} />
          <Stat label="Simulated" value={`${n2(m.simulatedHours)} h`} />
          <Stat label="Proposals" value={n0(m.proposals)} />
          <Stat label="Executed" value={n0(m.executed)} />
          <Stat label="Vetoed" value={n0(m.vetoed)} />
          <Stat label="Defeated" value={n0(m.defeated)} />
          <Stat label="Decision latency p50" value={`${n2(m.decisionLatencyP50Hours)} h`} />
          <Stat label="Decision latency p99" value={`${n2(m.decisionLatencyP99Hours)} h`} />
          <Stat label="Time to consensus p50" value={`${n2(m.timeToConsensusP50Hours)} h`} />
          <Stat label="Harmful stopped" value={n0(m.harmfulStopped)} hint="Defeated or vetoed harmful proposals" />
          <Stat label="Harmful executed" value={n0(m.harmfulExecuted)} />
          <Stat label="Safety violations" value={n0(m.safetyViolations)} />
          <Stat label="Malicious detected" value={n0(m.maliciousDetected)} />
          <Stat
            label="Reputation AUC"
            value={n2(m.reputationAuc)}
            hint="How well final reputation separates honest from malicious (1 = perfectly)"
          />
          <Stat label="Votes without quorum" value={n0(m.livenessLost)} />
          <Stat label="False vetoes" value={n0(m.falseVetoes)} />
          <Stat label="Max malicious weight" value={pct(m.maxMaliciousWeightShare)} />
        </dl>
      </Card>
      {charts ? (
        <>
          <ChartFrame
            testId="chart-decision-flow"
            title="Decision flow and latency"
            description="Every proposal from submission through the vote and the timelock to its outcome; each point is one proposal."
            minHeight={520}
          >
            <DecisionFlowChart records={charts.decisionFlow} durationHours={durationHours} />
          </ChartFrame>
          <ChartFrame
            testId="chart-reputation-network"
            title="Reputation network"
            description="Accounts at the end of the run and who delegates to whom."
            minHeight={420}
          >
            {outcome.network ? (
              <ReputationNetwork layout={outcome.network} population={charts.reputationNetwork.nodes} />
            ) : (
              <p className="muted">No network in this result.</p>
            )}
          </ChartFrame>
          <ChartFrame
            testId="chart-incidents"
            title="Incidents"
            description="Harmful proposals stopped, malicious identities detected, spam rejected, partitions, in simulated time."
            minHeight={120}
          >
            <IncidentTimeline
              events={charts.incidents.timeline.map((e) => ({
                t: e.t,
                type: e.type,
                detail: [
                  e.proposal !== undefined ? `proposal ${e.proposal}` : null,
                  e.bot !== undefined ? `account ${e.bot}` : null,
                ]
                  .filter(Boolean)
                  .join(", "),
              }))}
              durationHours={durationHours}
              truncated={charts.incidents.truncated}
            />
          </ChartFrame>
        </>
      ) : (
        <Card title="Charts">
          <p className="muted">This result was computed without chart data.</p>
        </Card>
      )}
    </>
  );
}

export function RunResults({ run }: { run: FinishedRun }) {
  return (
    <section aria-labelledby="sim-results-title" className="sim-results">
      <header className="page-header">
        <div>
          <h2 id="sim-results-title">Results: {run.label}</h2>
          <p className="muted small">
            Finished in {wallTime(run.wallMs)} of wall time, started {new Date(run.startedAt).toLocaleTimeString()}.
          </p>
        </div>
        <Downloads run={run} />
      </header>
      {run.outcome.kind === "dcos" ? (
        <DcosResults outcome={run.outcome} />
      ) : (
        <GovernanceResults outcome={run.outcome} />
      )}
    </section>
  );
}
