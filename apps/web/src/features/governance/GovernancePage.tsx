"use client";
/**
 * /governance: the proposals with their states and live countdowns, the connected account's
 * voting power and delegation, the rules in force, and the agents' requests in the timelock.
 */
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Card, EmptyState, ErrorNote, SkeletonRows } from "@/components/ui";
import type { Proposal } from "@/data/governance";
import { DelegationPanel } from "./DelegationPanel";
import { useChainTime, useGovernanceSettings, useProposals } from "./hooks";
import { formatPower } from "./logic";
import { ProposalCountdown, proposalTitle, StateBadge } from "./parts";
import { describeSettings } from "./settingsSummary";
import "./governance.css";

// The timelock list brings the veto proof's code: loaded after the page, so it stays out of the first load.
const AgentRequests = dynamic(() => import("@/features/timelock/AgentRequests").then((m) => m.AgentRequests), {
  ssr: false,
  loading: () => <SkeletonRows rows={2} height={96} />,
});

const FILTERS = {
  all: { label: "All", test: () => true },
  open: { label: "Open", test: (p: Proposal) => p.state === "Pending" || p.state === "Active" },
  passed: {
    label: "Passed",
    test: (p: Proposal) => p.state === "Succeeded" || p.state === "Queued" || p.state === "Executed",
  },
  closed: {
    label: "Closed",
    test: (p: Proposal) => p.state === "Defeated" || p.state === "Vetoed" || p.state === "Expired",
  },
} as const;
type FilterKey = keyof typeof FILTERS;

export function GovernancePage() {
  return (
    <div className="gov">
      <header className="page-header">
        <div>
          <h1>Governance</h1>
          <p>
            Proposals are voted on with governance reputation as it stood when they were made; passed ones wait in the
            timelock, where verified humans can still veto them.
          </p>
        </div>
        <Link href="/governance/new" className="button button-primary">
          New proposal
        </Link>
      </header>
      <ProposalsCard />
      <div className="grid-2">
        <DelegationPanel />
        <RulesCard />
      </div>
      <section className="card" aria-labelledby="agent-requests-heading">
        <header className="card-header">
          <h2 id="agent-requests-heading">Agent requests in the timelock</h2>
        </header>
        <AgentRequests />
      </section>
    </div>
  );
}

function ProposalsCard() {
  const proposals = useProposals();
  const { now } = useChainTime();
  const [filter, setFilter] = useState<FilterKey>("all");
  const shown = useMemo(() => (proposals.data ?? []).filter(FILTERS[filter].test), [proposals.data, filter]);

  return (
    <Card
      title="Proposals"
      actions={
        <div className="field gov-filter">
          <label htmlFor="proposal-filter" className="sr-only">
            Show proposals
          </label>
          <select id="proposal-filter" value={filter} onChange={(e) => setFilter(e.target.value as FilterKey)}>
            {Object.entries(FILTERS).map(([key, f]) => (
              <option key={key} value={key}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {proposals.error ? (
        <ErrorNote error={proposals.error} retry={() => proposals.refetch()} />
      ) : !proposals.data ? (
        <SkeletonRows rows={3} height={52} />
      ) : proposals.data.length === 0 ? (
        <EmptyState
          title="No proposals yet"
          action={
            <Link href="/governance/new" className="button button-primary">
              Create the first proposal
            </Link>
          }
        >
          Anyone with enough voting power can propose a change to the system's settings.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title="No proposal matches">Pick another filter to see the other proposals.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="gov-table">
            <caption className="sr-only">Proposals, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                <th scope="col">State</th>
                <th scope="col">Time</th>
                <th scope="col">For / against / abstain</th>
                <th scope="col">Quorum</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => {
                const turnout = p.votes.for + p.votes.against + p.votes.abstain;
                return (
                  <tr key={p.id.toString()} data-testid="proposal-row" data-proposal-id={p.id.toString()}>
                    <td className="gov-title-cell">
                      <Link href={`/governance/proposals/${p.id}`}>{proposalTitle(p.description)}</Link>
                      <div className="muted small">
                        {p.actions.length === 1 ? p.actions[0]?.text : `${p.actions.length} actions`}
                        {p.requireHumans ? " · human house" : ""}
                      </div>
                    </td>
                    <td>
                      <StateBadge state={p.state} />
                    </td>
                    <td className="gov-nowrap">
                      <ProposalCountdown proposal={p} now={now} />
                    </td>
                    <td className="gov-nowrap gov-num">
                      {formatPower(p.votes.for)} / {formatPower(p.votes.against)} / {formatPower(p.votes.abstain)}
                    </td>
                    <td className="gov-nowrap gov-num">
                      {formatPower(turnout)} of {formatPower(p.quorum)}
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

function RulesCard() {
  const settings = useGovernanceSettings();
  return (
    <Card title="Rules in force">
      {settings.error ? (
        <ErrorNote error={settings.error} retry={() => settings.refetch()} />
      ) : !settings.data ? (
        <SkeletonRows rows={6} height={22} />
      ) : (
        <dl className="gov-rules">
          {describeSettings(settings.data).map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
