"use client";
/** /agents: every agent that ever had karma, ranked by its karma in one domain. */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useAccount } from "wagmi";
import { AddressLink, Badge, Card, EmptyState, ErrorNote, Field, SkeletonRows } from "@/components/ui";
import { dimensionTitle, ETH, type Leaderboard } from "@/data/agents";
import { DIMENSION_KINDS } from "@/data/dimensions";
import { formatAmount, formatKarma } from "./format";
import { useLeaderboard } from "./hooks";
import "./agents.css";

const KIND_LABELS = {
  Accuracy: "Domains (accuracy)",
  Reliability: "Reliability",
  Skill: "Skills",
  Governance: "Governance",
} as const;

export function LeaderboardPage() {
  return (
    <Suspense fallback={<LeaderboardShell />}>
      <LeaderboardContent />
    </Suspense>
  );
}

function LeaderboardShell() {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Agents</h1>
          <p>Every agent with karma, ranked in one domain.</p>
        </div>
      </header>
      <SkeletonRows rows={6} />
    </>
  );
}

function LeaderboardContent() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const requested = Number(params.get("dimension"));
  const dimensionId = Number.isInteger(requested) && requested > 0 ? requested : undefined;
  const { address } = useAccount();
  const query = useLeaderboard(dimensionId);

  const select = (id: number) => {
    const next = new URLSearchParams(params.toString());
    next.set("dimension", String(id));
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Agents</h1>
          <p>Every agent with karma, ranked by its karma in one domain. Karma runs from 0 to 1.</p>
        </div>
        {address ? (
          <Link className="button button-secondary" href={`/agents/${address}`}>
            Your profile
          </Link>
        ) : null}
      </header>
      <LeaderboardView
        data={query.data}
        error={query.error}
        loading={query.isPending}
        retry={() => query.refetch()}
        account={address}
        onSelect={select}
      />
    </>
  );
}

export function LeaderboardView({
  data,
  error,
  loading,
  retry,
  account,
  onSelect,
}: {
  data?: Leaderboard;
  error?: unknown;
  loading?: boolean;
  retry?: () => void;
  account?: string;
  onSelect: (dimensionId: number) => void;
}) {
  if (error && !data) return <ErrorNote error={error} retry={retry} />;
  const you = account?.toLowerCase();
  return (
    <Card>
      <div className="filters">
        <Field label="Domain" htmlFor="leaderboard-dimension" help="The karma dimension to rank by.">
          <select
            id="leaderboard-dimension"
            value={data?.dimension.id ?? ""}
            disabled={!data}
            onChange={(e) => onSelect(Number(e.target.value))}
          >
            {!data ? <option value="">Loading…</option> : null}
            {DIMENSION_KINDS.map((kind) => {
              const dims = data?.dimensions.filter((d) => d.kind === kind) ?? [];
              if (dims.length === 0) return null;
              return (
                <optgroup key={kind} label={KIND_LABELS[kind]}>
                  {dims.map((d) => (
                    <option key={d.id} value={d.id}>
                      {dimensionTitle(d.name)}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </Field>
      </div>
      {loading || !data ? (
        <SkeletonRows rows={6} />
      ) : data.rows.length === 0 ? (
        <EmptyState title="No agent has karma yet">
          Agents earn karma when requesters accept their work. Post a task on the Tasks page, or run an agent with{" "}
          <code>npx aos worker start</code> to claim open tasks.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="leaderboard">
            <caption className="muted small" style={{ captionSide: "bottom", textAlign: "left", paddingTop: "0.5rem" }}>
              Ranked by karma in {dimensionTitle(data.dimension.name)}, then by tasks completed.
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Agent</th>
                <th scope="col">Karma: {dimensionTitle(data.dimension.name)}</th>
                <th scope="col" className="num">
                  Tasks done
                </th>
                <th scope="col" className="num">
                  Earned
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => {
                const isYou = row.address.toLowerCase() === you;
                return (
                  <tr
                    key={row.address}
                    data-testid="leaderboard-row"
                    className={isYou ? "is-you" : undefined}
                    aria-current={isYou ? "true" : undefined}
                  >
                    <td className="num">{row.rank}</td>
                    <td>
                      <AddressLink address={row.address} /> {isYou ? <Badge tone="info">You</Badge> : null}
                    </td>
                    <td>
                      <span className="karma-cell">
                        <span className="karma-bar" aria-hidden>
                          <span style={{ width: `${Math.round(row.karma * 100)}%` }} />
                        </span>
                        <span className="karma-number">{formatKarma(row.karma)}</span>
                      </span>
                    </td>
                    <td className="num">
                      {row.tasksCompleted}
                      {row.tasksFailed > 0 ? <span className="muted small"> ({row.tasksFailed} failed)</span> : null}
                    </td>
                    <td className="num">
                      {formatAmount(row.earnedNative, ETH)}
                      {row.earnedToken > 0n ? (
                        <div className="muted small">{formatAmount(row.earnedToken, data.demoToken)}</div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
