"use client";
/**
 * /workers: the fleet's health, its queues and recent jobs (from the workers' gateway), and what
 * agents were paid (from the chain, so it shows even when the gateway is down).
 */
import dynamic from "next/dynamic";
import { AddressLink, Badge, Card, EmptyState, ErrorNote, formatDuration, Skeleton, useNow } from "@/components/ui";
import { config } from "@/config";
import { ETH } from "@/data/agents";
import type { Earnings, GatewayStatus, JobState, MetricsSummary, QueueInfo, QueueJob } from "@/data/workers";
import { formatAmount } from "@/features/agents/format";
import { useChainEarnings, useGatewayStatus } from "./hooks";
import "./workers.css";

const QUEUE_CHART_HEIGHT = 220;
const EARNINGS_CHART_HEIGHT = 260;

const QueueBars = dynamic(() => import("@/components/charts/QueueBars"), {
  ssr: false,
  loading: () => <Skeleton height={QUEUE_CHART_HEIGHT} label="Loading the queue chart" />,
});
const EarningsChart = dynamic(() => import("@/components/charts/EarningsChart"), {
  ssr: false,
  loading: () => <Skeleton height={EARNINGS_CHART_HEIGHT} label="Loading the earnings chart" />,
});

const STATE_TONES: Record<JobState, "neutral" | "info" | "warn" | "good" | "bad"> = {
  waiting: "neutral",
  active: "info",
  delayed: "warn",
  completed: "good",
  failed: "bad",
};

export function WorkersPage() {
  const gateway = useGatewayStatus();
  const earnings = useChainEarnings();
  return (
    <WorkersView
      gateway={gateway.data}
      earnings={earnings.data}
      earningsError={earnings.error}
      retryEarnings={() => earnings.refetch()}
    />
  );
}

export function WorkersView({
  gateway,
  earnings,
  earningsError,
  retryEarnings,
}: {
  gateway?: GatewayStatus;
  earnings?: Earnings;
  earningsError?: unknown;
  retryEarnings?: () => void;
}) {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Workers</h1>
          <p>
            The fleet's health, queues and recent jobs from the workers' gateway, and agents' earnings from the chain.
          </p>
        </div>
        <a className="button button-secondary" href={`${config.gatewayUrl}/queues`} target="_blank" rel="noreferrer">
          Open the queue dashboard
        </a>
      </header>
      <Card title="Fleet status">
        <FleetStatus gateway={gateway} />
      </Card>
      {gateway?.reachable ? <Activity metrics={gateway.metrics} /> : null}
      <div className="grid-2">
        <Card title="Queues">
          <Queues gateway={gateway} />
        </Card>
        <Card title="Recent jobs">
          <RecentJobs gateway={gateway} />
        </Card>
      </div>
      <Card title="Earnings">
        <div data-testid="worker-earnings">
          <EarningsSection earnings={earnings} error={earningsError} retry={retryEarnings} />
        </div>
      </Card>
    </>
  );
}

function FleetStatus({ gateway }: { gateway?: GatewayStatus }) {
  if (!gateway) return <Skeleton height={48} label="Checking the gateway" />;
  if (!gateway.reachable)
    return (
      <div className="fleet-down" role="alert">
        <strong>The workers' gateway does not answer.</strong>
        <p>{gateway.error}</p>
        <p>
          Start a worker with <code>npx aos worker start</code>, or run <code>npm start</code> to start the whole local
          system. Earnings below come from the chain and stay up to date.
        </p>
      </div>
    );
  const failing = gateway.health.checks.filter((c) => !c.ok);
  return (
    <div className="fleet-status">
      {gateway.health.ok ? (
        <p>
          <Badge tone="good">Healthy</Badge>{" "}
          <span className="muted">Every check of the gateway at {gateway.url} passes.</span>
        </p>
      ) : (
        <p role="alert">
          <Badge tone="bad">Unhealthy</Badge>{" "}
          {failing.length > 0
            ? failing.map((c) => `The ${c.name} check fails${c.detail ? ` (${c.detail})` : ""}.`).join(" ")
            : "The gateway reports a problem without naming a check."}
        </p>
      )}
      <ul className="checks" aria-label="Health checks">
        {gateway.health.checks.map((c) => (
          <li key={c.name} title={c.detail}>
            <Badge tone={c.ok ? "good" : "bad"}>
              {c.name}: {c.ok ? "ok" : "failing"}
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Activity({ metrics }: { metrics: { summary: MetricsSummary } | { error: string } }) {
  if ("error" in metrics)
    return (
      <Card title="Activity">
        <ErrorNote error={`The gateway's metrics could not be read: ${metrics.error}`} />
      </Card>
    );
  const m = metrics.summary;
  const earned = Object.entries(m.earningsWei);
  if (m.empty)
    return (
      <Card title="Activity">
        <p className="muted small" style={{ margin: 0 }}>
          The gateway's own process has recorded no worker activity: each worker counts its claims and payments in its
          own process (see <code>npx aos worker status</code>). Queues and earnings below cover the whole fleet.
        </p>
      </Card>
    );
  return (
    <Card title="Activity">
      <dl className="stats">
        <div className="stat">
          <dt>Tasks claimed</dt>
          <dd>{m.tasks.claimed ?? 0}</dd>
        </div>
        <div className="stat">
          <dt>Results submitted</dt>
          <dd>{m.tasks.submitted ?? 0}</dd>
        </div>
        <div className="stat">
          <dt>Tasks paid</dt>
          <dd>{m.tasks.paid ?? 0}</dd>
        </div>
        <div className="stat">
          <dt>Earned (metrics)</dt>
          <dd>
            {earned.length === 0
              ? "0 ETH"
              : earned
                  .map(([token, wei]) =>
                    BigInt(token) === 0n
                      ? formatAmount(BigInt(Math.round(wei)), ETH)
                      : `${wei} units of ${token.slice(0, 8)}…`,
                  )
                  .join(", ")}
          </dd>
        </div>
        <div className="stat">
          <dt>LLM spend</dt>
          <dd>${m.llmCostUsd.toFixed(2)}</dd>
        </div>
        <div className="stat">
          <dt>Transactions mined / failed</dt>
          <dd>
            {m.transactions.mined} / {m.transactions.failed}
          </dd>
        </div>
        <div className="stat">
          <dt>Errors</dt>
          <dd>{m.errors}</dd>
        </div>
      </dl>
      {m.unreadableLines > 0 ? (
        <p className="section-note muted small">
          {m.unreadableLines} line(s) of /metrics could not be read and were skipped.
        </p>
      ) : null}
    </Card>
  );
}

function Queues({ gateway }: { gateway?: GatewayStatus }) {
  if (!gateway) return <Skeleton height={QUEUE_CHART_HEIGHT + 120} />;
  if (!gateway.reachable) return <p className="muted">Queue counts come from the gateway, which does not answer.</p>;
  if ("error" in gateway.queues) return <ErrorNote error={gateway.queues.error} />;
  const list = gateway.queues.list;
  if (list.length === 0)
    return <EmptyState title="No queues">The gateway shows no queues: no worker has registered one yet.</EmptyState>;
  return (
    <>
      <div style={{ minHeight: QUEUE_CHART_HEIGHT }}>
        <QueueBars queues={list.map((q) => ({ name: q.name, ...q.counts }))} height={QUEUE_CHART_HEIGHT} />
      </div>
      <div className="queue-grid">
        {list.map((q) => (
          <QueueCard key={q.name} queue={q} />
        ))}
      </div>
    </>
  );
}

function QueueCard({ queue }: { queue: QueueInfo }) {
  const c = queue.counts;
  return (
    <section className="queue-card" data-testid="worker-queue" aria-label={`Queue ${queue.name}`}>
      <h3>
        {queue.name}
        {queue.paused ? (
          <Badge tone="warn">paused</Badge>
        ) : queue.hasWorkers === false ? (
          <Badge tone="warn">no worker</Badge>
        ) : c.failed > 0 ? (
          <Badge tone="bad">{c.failed} failed</Badge>
        ) : null}
      </h3>
      <dl className="queue-counts">
        <dt>Waiting</dt>
        <dd>{c.waiting}</dd>
        <dt>Active</dt>
        <dd>{c.active}</dd>
        <dt>Delayed</dt>
        <dd>{c.delayed}</dd>
        <dt>Completed</dt>
        <dd>{c.completed}</dd>
        <dt>Failed</dt>
        <dd>{c.failed}</dd>
      </dl>
    </section>
  );
}

function ago(ms: number, now: number): string {
  return `${formatDuration((now - ms) / 1000)} ago`;
}

function RecentJobs({ gateway }: { gateway?: GatewayStatus }) {
  const now = useNow(5_000);
  if (!gateway) return <Skeleton height={240} />;
  if (!gateway.reachable) return <p className="muted">Recent jobs come from the gateway, which does not answer.</p>;
  if ("error" in gateway.queues) return <ErrorNote error={gateway.queues.error} />;
  const jobs: QueueJob[] = gateway.queues.list
    .flatMap((q) => q.jobs)
    .sort((a, b) => (b.finishedAt ?? b.processedAt ?? b.createdAt) - (a.finishedAt ?? a.processedAt ?? a.createdAt))
    .slice(0, 12);
  if (jobs.length === 0)
    return (
      <EmptyState title="No jobs yet">
        Jobs appear when a worker sees a task it can do: start one with <code>npx aos worker start</code>.
      </EmptyState>
    );
  return (
    <div className="table-wrap">
      <table className="jobs-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Queue</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last change</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={`${j.queue}/${j.id}`}>
              <td>
                <span className="mono">{j.id}</span>
                {j.failedReason ? <div className="small error-text">{j.failedReason}</div> : null}
              </td>
              <td className="mono">{j.queue}</td>
              <td>
                <Badge tone={STATE_TONES[j.state]}>{j.state}</Badge>
              </td>
              <td>{j.attempts}</td>
              <td>
                <time
                  dateTime={new Date(j.finishedAt ?? j.processedAt ?? j.createdAt).toISOString()}
                  title={new Date(j.finishedAt ?? j.processedAt ?? j.createdAt).toLocaleString()}
                >
                  {ago(j.finishedAt ?? j.processedAt ?? j.createdAt, now)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EarningsSection({ earnings, error, retry }: { earnings?: Earnings; error?: unknown; retry?: () => void }) {
  if (error && !earnings) return <ErrorNote error={error} retry={retry} />;
  if (!earnings) return <Skeleton height={EARNINGS_CHART_HEIGHT + 80} />;
  if (earnings.agents.length === 0)
    return (
      <EmptyState title="No agent has been paid yet">
        Payments appear here when a requester accepts a result (or its review window runs out).
      </EmptyState>
    );
  return (
    <>
      {earnings.seriesAgents.length > 0 ? (
        <div style={{ minHeight: EARNINGS_CHART_HEIGHT }}>
          <EarningsChart
            rows={earnings.series}
            agents={earnings.seriesAgents.map((a) => ({ key: a, name: `${a.slice(0, 6)}…${a.slice(-4)}` }))}
            unit="ETH"
            height={EARNINGS_CHART_HEIGHT}
          />
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="muted small" style={{ captionSide: "bottom", textAlign: "left", paddingTop: "0.5rem" }}>
            From the escrow's TaskAccepted events: every payment to an agent.
          </caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Payments</th>
              <th scope="col">Earned</th>
            </tr>
          </thead>
          <tbody>
            {earnings.agents.map((a) => (
              <tr key={a.agent}>
                <td>
                  <AddressLink address={a.agent} />
                </td>
                <td>{a.tasks}</td>
                <td>{a.totals.map((t) => formatAmount(t.amount, t.token)).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
