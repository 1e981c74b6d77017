"use client";
import type { ProposalRecord } from "@aos/sim/governance/simulate.ts";
/**
 * Governance decision flow: how many proposals went from submission through the vote and the
 * timelock to executed, vetoed or defeated, and each proposal's latency from submission to its
 * final state (one point per proposal, coloured by outcome), with latency percentiles as a table.
 */
import { useMemo } from "react";
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import {
  type DecisionRow,
  decisionFlow,
  decisionFlowRows,
  latencyByOutcome,
  niceTicks,
  OUTCOME_ORDER,
  type Outcome,
} from "@/features/simulations/transforms";

export const OUTCOME_COLORS: Record<Outcome, string> = {
  executed: "#16a34a",
  vetoed: "#d97706",
  defeated: "#dc2626",
  expired: "#6b7280",
  open: "#7c3aed",
};

const OUTCOME_LABELS: Record<Outcome, string> = {
  executed: "Executed",
  vetoed: "Vetoed",
  defeated: "Defeated",
  expired: "Expired",
  open: "Still open",
};

const h = (x: number | null) => (x === null ? "–" : x < 10 ? `${x.toFixed(1)} h` : `${Math.round(x)} h`);

export default function DecisionFlowChart({
  records,
  durationHours,
  height = 320,
}: {
  records: ProposalRecord[];
  /** Length of the run, hours (the x axis). */
  durationHours: number;
  height?: number;
}) {
  const rows = useMemo(() => decisionFlowRows(records), [records]);
  const flow = useMemo(() => decisionFlow(records), [records]);
  const latency = useMemo(() => latencyByOutcome(rows), [rows]);
  const series = OUTCOME_ORDER.map((o) => ({
    outcome: o,
    points: rows.filter((r) => r.outcome === o && r.latencyHours !== null),
  })).filter((s) => s.points.length > 0);
  const label = `Decision flow of ${flow.submitted} proposals: ${flow.voted} voted on (${flow.passedVote} passed, ${flow.defeated} defeated of which ${flow.noQuorum} without quorum), ${flow.agentRequests} agent requests straight to the timelock; ${flow.executed} executed, ${flow.vetoed} vetoed, ${flow.expired} expired. Latency per proposal plotted against submission time.`;
  return (
    <figure className="sim-figure">
      <ol className="sim-flow" aria-label="Decision flow">
        <li>
          <span className="sim-flow-count">{flow.submitted.toLocaleString("en-US")}</span> submitted
          <span className="muted small">
            {flow.voted.toLocaleString("en-US")} to a vote, {flow.agentRequests.toLocaleString("en-US")} agent requests
          </span>
        </li>
        <li>
          <span className="sim-flow-count">{flow.passedVote.toLocaleString("en-US")}</span> passed the vote
          <span className="muted small">
            <span style={{ color: OUTCOME_COLORS.defeated }}>{flow.defeated.toLocaleString("en-US")} defeated</span>
            {flow.noQuorum > 0 ? `, ${flow.noQuorum} of them without quorum` : ""}
          </span>
        </li>
        <li>
          <span className="sim-flow-count">{flow.queued.toLocaleString("en-US")}</span> queued in the timelock
        </li>
        <li>
          <span className="sim-flow-count" style={{ color: OUTCOME_COLORS.executed }}>
            {flow.executed.toLocaleString("en-US")}
          </span>{" "}
          executed
          <span className="muted small">
            <span style={{ color: OUTCOME_COLORS.vetoed }}>{flow.vetoed.toLocaleString("en-US")} vetoed</span>,{" "}
            {flow.expired.toLocaleString("en-US")} expired{flow.open > 0 ? `, ${flow.open} still open` : ""}
          </span>
        </li>
      </ol>
      <div role="img" aria-label={label} style={{ height }}>
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 8, right: 20, bottom: 28, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              type="number"
              dataKey="submittedHours"
              name="Submitted"
              domain={[0, durationHours]}
              ticks={niceTicks(durationHours).filter((t) => t <= durationHours)}
              tickFormatter={(v: number) => `${Math.round(v)} h`}
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              label={{
                value: "Submitted at (simulated hours)",
                position: "insideBottom",
                offset: -16,
                fill: "var(--muted)",
                fontSize: 12,
              }}
            />
            <YAxis
              type="number"
              dataKey="latencyHours"
              name="Latency"
              tickFormatter={(v: number) => `${Math.round(v)} h`}
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              width={56}
              label={{
                value: "Latency to final state",
                angle: -90,
                position: "insideLeft",
                fill: "var(--muted)",
                fontSize: 12,
                dy: 70,
              }}
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ strokeDasharray: "3 3" }}
              content={({ active, payload }) => {
                const r = payload?.[0]?.payload as DecisionRow | undefined;
                if (!active || !r) return null;
                return (
                  <div className="sim-tooltip">
                    <strong>
                      Proposal {r.id} ({r.kind.replace("_", " ")}
                      {r.harmful ? ", harmful" : ""})
                    </strong>
                    <div>
                      {OUTCOME_LABELS[r.outcome]} after {h(r.latencyHours)}
                      {r.noQuorum ? " (no quorum)" : ""}
                    </div>
                    <div className="muted">
                      pending {h(r.pendingHours)} · voting {h(r.votingHours)} · timelock {h(r.timelockHours)}
                    </div>
                  </div>
                );
              }}
            />
            <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 13 }} />
            {series.map((s) => (
              <Scatter
                key={s.outcome}
                name={`${OUTCOME_LABELS[s.outcome]} (${s.points.length})`}
                data={s.points}
                fill={OUTCOME_COLORS[s.outcome]}
                fillOpacity={0.7}
                isAnimationActive={false}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <div className="table-wrap">
        <table className="sim-table">
          <caption className="muted small">Latency from submission to the final state</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Proposals</th>
              <th scope="col">Median</th>
              <th scope="col">90th percentile</th>
              <th scope="col">Longest</th>
            </tr>
          </thead>
          <tbody>
            {latency.map((l) => (
              <tr key={l.outcome}>
                <td>
                  <span className="sim-dot" style={{ background: OUTCOME_COLORS[l.outcome] }} aria-hidden />{" "}
                  {OUTCOME_LABELS[l.outcome]}
                </td>
                <td>{l.count.toLocaleString("en-US")}</td>
                <td>{h(l.p50Hours)}</td>
                <td>{h(l.p90Hours)}</td>
                <td>{h(l.maxHours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
