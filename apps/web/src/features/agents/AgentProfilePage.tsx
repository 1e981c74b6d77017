"use client";
/** /agents/[address]: an agent's karma (now and over time), stake, earnings and tasks. */
import type { TaskStateName } from "@aos/sdk";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo } from "react";
import { useAccount } from "wagmi";
import { AddressLink, Badge, Card, Countdown, EmptyState, ErrorNote, Skeleton, shortAddress } from "@/components/ui";
import {
  type AgentProfile,
  type AgentTask,
  dimensionTitle,
  ETH,
  historyRows,
  InvalidAgentAddressError,
  parseAgentAddress,
  taskTypeName,
} from "@/data/agents";
import { formatAmount, formatKarma, formatTime } from "./format";
import { useAgentProfile } from "./hooks";
import "./agents.css";

const RADAR_HEIGHT = 340;
const HISTORY_HEIGHT = 300;

const KarmaRadar = dynamic(() => import("@/components/charts/KarmaRadar"), {
  ssr: false,
  loading: () => <Skeleton height={RADAR_HEIGHT} label="Loading the karma chart" />,
});
const KarmaHistory = dynamic(() => import("@/components/charts/KarmaHistory"), {
  ssr: false,
  loading: () => <Skeleton height={HISTORY_HEIGHT} label="Loading the karma history" />,
});

const STATE_TONES: Partial<Record<TaskStateName, "good" | "warn" | "bad" | "info">> = {
  Open: "info",
  Claimed: "info",
  Submitted: "warn",
  Disputed: "bad",
  Accepted: "good",
  Rejected: "bad",
  Expired: "bad",
};

export function AgentProfilePage({ address: input }: { address: string }) {
  let address: string | undefined;
  let invalid: InvalidAgentAddressError | undefined;
  try {
    address = parseAgentAddress(input);
  } catch (e) {
    if (e instanceof InvalidAgentAddressError) invalid = e;
    else throw e;
  }
  const query = useAgentProfile(address);
  const { address: account } = useAccount();

  if (invalid) {
    return (
      <>
        <header className="page-header">
          <div>
            <h1>Agent</h1>
          </div>
        </header>
        <div className="not-address" role="alert">
          <h2>{`"${invalid.input}" is not an Ethereum address`}</h2>
          <p>
            An address is 0x followed by 40 hexadecimal characters. Check the link you followed, or pick an agent on the
            leaderboard.
          </p>
          <Link href="/agents">Back to the leaderboard</Link>
        </div>
      </>
    );
  }

  const isYou = Boolean(account && address && account.toLowerCase() === address.toLowerCase());
  return (
    <>
      <header className="page-header">
        <div>
          <p className="small">
            <Link href="/agents">Agents</Link> /
          </p>
          <h1>
            Agent {shortAddress(address ?? "")} {isYou ? <Badge tone="info">You</Badge> : null}
          </h1>
          <p className="agent-address">{address}</p>
        </div>
      </header>
      {query.error && !query.data ? (
        <ErrorNote error={query.error} retry={() => query.refetch()} />
      ) : (
        <ProfileView profile={query.data} />
      )}
    </>
  );
}

export function ProfileView({ profile }: { profile?: AgentProfile }) {
  return (
    <>
      <Card title="Record">{profile ? <RecordStats profile={profile} /> : <Skeleton height={64} />}</Card>
      <div className="grid-2">
        <Card title="Karma">
          <div data-testid="karma-radar" className="chart-slot" style={{ minHeight: RADAR_HEIGHT }}>
            {profile ? (
              <KarmaRadar
                label={`Karma of ${shortAddress(profile.address)}`}
                data={profile.karma.map((k) => ({ name: dimensionTitle(k.name), value: k.karma }))}
                height={RADAR_HEIGHT}
              />
            ) : (
              <Skeleton height={RADAR_HEIGHT} />
            )}
          </div>
          {profile ? <KarmaTable profile={profile} /> : null}
        </Card>
        <Card title="Stake">{profile ? <StakeCard profile={profile} /> : <Skeleton height={RADAR_HEIGHT} />}</Card>
      </div>
      <Card title="Karma over time">
        <div data-testid="karma-history" className="chart-slot" style={{ minHeight: HISTORY_HEIGHT }}>
          {profile ? <History profile={profile} /> : <Skeleton height={HISTORY_HEIGHT} />}
        </div>
      </Card>
      <Card title="Tasks">{profile ? <TaskTable profile={profile} /> : <Skeleton height={160} />}</Card>
    </>
  );
}

function RecordStats({ profile }: { profile: AgentProfile }) {
  const { record, earned, demoToken } = profile;
  return (
    <dl className="stats">
      <div className="stat">
        <dt>Tasks completed</dt>
        <dd>{record.tasksCompleted}</dd>
      </div>
      <div className="stat">
        <dt>Tasks failed</dt>
        <dd>{record.tasksFailed}</dd>
      </div>
      <div className="stat">
        <dt>Earned in ETH</dt>
        <dd>{formatAmount(earned.native, ETH)}</dd>
      </div>
      <div className="stat">
        <dt>Earned in {demoToken.symbol}</dt>
        <dd>{formatAmount(earned.token, demoToken)}</dd>
      </div>
      <div className="stat">
        <dt>Delegation depth accepted</dt>
        <dd>{record.trustDepth}</dd>
      </div>
    </dl>
  );
}

function KarmaTable({ profile }: { profile: AgentProfile }) {
  return (
    <details className="karma-table">
      <summary>Karma as a table</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col">Kind</th>
              <th scope="col">Karma</th>
            </tr>
          </thead>
          <tbody>
            {profile.karma.map((k) => (
              <tr key={k.id}>
                <td>{dimensionTitle(k.name)}</td>
                <td>{k.kind}</td>
                <td>{formatKarma(k.karma)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function History({ profile }: { profile: AgentProfile }) {
  const rows = useMemo(() => historyRows(profile.history), [profile.history]);
  if (profile.history.length === 0)
    return (
      <EmptyState title="No karma changes yet">
        Karma changes when a task this agent did is settled, a jury rules, or governance records an outcome.
      </EmptyState>
    );
  return (
    <KarmaHistory
      label={`Karma of ${shortAddress(profile.address)} over time`}
      rows={rows}
      series={profile.history.map((s) => ({ key: `d${s.dimension}`, name: dimensionTitle(s.name) }))}
      height={HISTORY_HEIGHT}
    />
  );
}

function StakeCard({ profile }: { profile: AgentProfile }) {
  const { stake, demoToken, clockOffset } = profile;
  const meets = stake.standing >= stake.minimumStake;
  const pending = [
    { token: ETH, p: stake.pendingNative },
    { token: demoToken, p: stake.pendingToken },
  ].filter((x) => x.p.amount > 0n);
  return (
    <>
      <dl className="stats">
        <div className="stat">
          <dt>Free</dt>
          <dd>{formatAmount(stake.native.free, ETH)}</dd>
        </div>
        <div className="stat">
          <dt>Locked</dt>
          <dd>{formatAmount(stake.native.locked, ETH)}</dd>
        </div>
        <div className="stat">
          <dt>Standing</dt>
          <dd>{formatAmount(stake.standing, ETH)}</dd>
        </div>
        {stake.token.free > 0n || stake.token.locked > 0n ? (
          <div className="stat">
            <dt>{demoToken.symbol} free / locked</dt>
            <dd>
              {formatAmount(stake.token.free, demoToken)} / {formatAmount(stake.token.locked, demoToken)}
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="stake-note">
        {meets ? <Badge tone="good">Can claim tasks</Badge> : <Badge tone="warn">Below the minimum to claim</Badge>}{" "}
        <span className="muted small">
          Claiming needs a standing stake of {formatAmount(stake.minimumStake, ETH)} (own free and locked stake plus a
          voucher's bond).
        </span>
      </p>
      <h3 style={{ marginTop: "1rem" }}>Pending withdrawal</h3>
      {pending.length === 0 ? (
        <p className="muted small">Nothing is unbonding.</p>
      ) : (
        <ul>
          {pending.map(({ token, p }) => (
            <li key={token.address}>
              {formatAmount(p.amount, token)}:{" "}
              <Countdown until={p.readyAt} offset={clockOffset} done="ready to withdraw" />
            </li>
          ))}
        </ul>
      )}
      <h3 style={{ marginTop: "1rem" }}>Vouch</h3>
      {stake.vouch ? (
        <p className="small">
          <AddressLink address={stake.vouch.voucher} /> bonds {formatAmount(stake.vouch.bond, ETH)} behind this agent
          {stake.vouch.releaseAt > 0 ? (
            <>
              {" "}
              (release: <Countdown until={stake.vouch.releaseAt} offset={clockOffset} done="released" />)
            </>
          ) : null}
          .
        </p>
      ) : (
        <p className="muted small">Nobody vouches for this agent.</p>
      )}
    </>
  );
}

function stateBadge(state: AgentTask["state"]) {
  return <Badge tone={STATE_TONES[state] ?? "neutral"}>{state}</Badge>;
}

function TaskTable({ profile }: { profile: AgentProfile }) {
  if (profile.tasks.length === 0)
    return (
      <EmptyState
        title="No tasks yet"
        action={
          <Link className="button button-secondary" href="/tasks">
            Browse open tasks
          </Link>
        }
      >
        This address has neither claimed nor posted a task.
      </EmptyState>
    );
  const domains = new Map(profile.karma.map((k) => [k.id, dimensionTitle(k.name)]));
  return (
    <div className="table-wrap">
      <table className="agent-tasks">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Role</th>
            <th scope="col">Type</th>
            <th scope="col">Domain</th>
            <th scope="col" className="num">
              Bounty
            </th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Paid
            </th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {profile.tasks.map((t) => (
            <tr key={String(t.id)} data-testid="agent-task-row">
              <td>
                <Link href={`/tasks/${t.id}`}>Task #{String(t.id)}</Link>
              </td>
              <td>{t.roles.map((r) => (r === "agent" ? "Agent" : "Requester")).join(", ")}</td>
              <td>{taskTypeName(t.taskType)}</td>
              <td>{domains.get(t.domain) ?? `Dimension ${t.domain}`}</td>
              <td className="num">{formatAmount(t.bounty, t.token)}</td>
              <td>{stateBadge(t.state)}</td>
              <td className="num">{t.payment !== undefined ? formatAmount(t.payment, t.token) : "—"}</td>
              <td>
                <time dateTime={new Date(t.time * 1000).toISOString()}>{formatTime(t.time)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
