"use client";
/**
 * The delegation network at the end of a governance run: one circle per account, its area
 * proportional to its reputation, red when malicious; lines are delegations. The layout was
 * computed once with d3-force in the worker; this only draws it.
 */
import { useMemo } from "react";
import type { NetworkLayout } from "@/features/simulations/layout";

export interface ReputationNetworkProps {
  layout: NetworkLayout;
  /** All accounts of the run (the layout may show a subset), for the summary table. */
  population: { strategy: string; malicious: boolean; reputation: number }[];
}

export const HONEST_COLOR = "#2563eb";
export const MALICIOUS_COLOR = "#dc2626";

interface StrategyRow {
  strategy: string;
  malicious: boolean;
  count: number;
  meanReputation: number;
}

export function strategyRows(population: ReputationNetworkProps["population"]): StrategyRow[] {
  const by = new Map<string, { malicious: boolean; count: number; sum: number }>();
  for (const n of population) {
    const row = by.get(n.strategy) ?? { malicious: n.malicious, count: 0, sum: 0 };
    row.count++;
    row.sum += n.reputation;
    by.set(n.strategy, row);
  }
  return [...by.entries()]
    .map(([strategy, r]) => ({ strategy, malicious: r.malicious, count: r.count, meanReputation: r.sum / r.count }))
    .sort((a, b) => Number(a.malicious) - Number(b.malicious) || b.count - a.count);
}

const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: x < 10 ? 2 : 0 });

export default function ReputationNetwork({ layout, population }: ReputationNetworkProps) {
  const rows = useMemo(() => strategyRows(population), [population]);
  // Malicious accounts last, so that the few of them are drawn on top.
  const ordered = useMemo(
    () => [...layout.nodes].sort((a, b) => Number(a.malicious) - Number(b.malicious)),
    [layout.nodes],
  );
  const malicious = population.filter((n) => n.malicious).length;
  const shown = layout.nodes.length;
  const label = `Reputation network: ${layout.totalNodes.toLocaleString("en-US")} accounts (${malicious.toLocaleString("en-US")} malicious) and ${layout.totalEdges.toLocaleString("en-US")} delegations${shown < layout.totalNodes ? `; ${shown} accounts drawn` : ""}. ${rows
    .map((r) => `${r.strategy}: ${r.count}, mean reputation ${fmt(r.meanReputation)}`)
    .join("; ")}.`;
  return (
    <figure className="sim-figure">
      <svg
        className="chart-svg sim-network"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        role="img"
        aria-label={label}
      >
        <g>
          {ordered.map((n) => (
            <circle
              key={n.id}
              cx={n.x}
              cy={n.y}
              r={n.malicious ? Math.max(n.r, 2.6) : n.r}
              fill={n.malicious ? MALICIOUS_COLOR : HONEST_COLOR}
              fillOpacity={n.malicious ? 0.95 : 0.6}
              stroke={n.malicious ? "#7f1d1d" : "var(--surface)"}
              strokeWidth={n.malicious ? 0.8 : 0.5}
            >
              <title>{`Account ${n.id} (${n.strategy}): reputation ${fmt(n.reputation)}`}</title>
            </circle>
          ))}
        </g>
        {/* Delegations over the circles, so that short links stay visible. */}
        <g stroke="var(--text)" strokeOpacity={0.45} strokeWidth={0.9} pointerEvents="none">
          {layout.edges.map((e) => {
            const s = layout.nodes[e.source];
            const t = layout.nodes[e.target];
            if (!s || !t) return null;
            return <line key={`${e.source}-${e.target}`} x1={s.x} y1={s.y} x2={t.x} y2={t.y} />;
          })}
        </g>
      </svg>
      <figcaption className="sim-network-legend small">
        <span className="sim-caption-item">
          <span className="sim-dot" style={{ background: HONEST_COLOR }} aria-hidden /> Honest
        </span>
        <span className="sim-caption-item">
          <span className="sim-dot" style={{ background: MALICIOUS_COLOR }} aria-hidden /> Malicious
        </span>
        <span className="sim-caption-item muted">
          Circle area = reputation · line = delegation · middle: accounts in a delegation, ring: the others
        </span>
        {shown < layout.totalNodes ? (
          <span className="sim-caption-item muted">
            Drawn: {shown.toLocaleString("en-US")} of {layout.totalNodes.toLocaleString("en-US")} accounts (everyone in
            a delegation, then the highest reputations)
          </span>
        ) : null}
      </figcaption>
      <div className="table-wrap">
        <table className="sim-table">
          <caption className="muted small">Accounts by strategy at the end of the run</caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Accounts</th>
              <th scope="col">Mean reputation</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.strategy}>
                <td>
                  <span
                    className="sim-dot"
                    style={{ background: r.malicious ? MALICIOUS_COLOR : HONEST_COLOR }}
                    aria-hidden
                  />{" "}
                  {r.strategy}
                </td>
                <td>{r.count.toLocaleString("en-US")}</td>
                <td>{fmt(r.meanReputation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
