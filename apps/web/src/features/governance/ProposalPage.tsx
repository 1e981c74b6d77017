"use client";
/**
 * /governance/proposals/[id]: what a proposal does, where it stands, its tallies, the vote
 * buttons, the human house when it is required, and queueing into the timelock once it passed.
 */
import dynamic from "next/dynamic";
import Link from "next/link";
import { useId } from "react";
import { AddressLink, Button, Card, EmptyState, ErrorNote, Progress, Skeleton } from "@/components/ui";
import { contract, type ProposalDetail, SUPPORT_NAMES } from "@/data/governance";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { useChainTime, useProposal } from "./hooks";
import {
  formatDate,
  formatPower,
  parseProposalId,
  queueDisabledReason,
  STATE_WORDS,
  voteDisabledReason,
} from "./logic";
import { ProposalCountdown, proposalTitle, StateBadge, shortId } from "./parts";
import "./governance.css";

const VoteBars = dynamic(() => import("@/components/charts/VoteBars"), {
  ssr: false,
  loading: () => <Skeleton height={140} label="Loading the chart" />,
});

// The human vote makes a zero-knowledge proof in the browser: its code loads after the page.
const HumanVote = dynamic(() => import("@/features/personhood/HumanVote").then((m) => m.HumanVote), {
  ssr: false,
  loading: () => <Skeleton height={180} label="Loading the human vote" />,
});

const WAD = 1e18;
const toNumber = (v: bigint) => Number(v) / WAD;

export function ProposalPage({ idParam }: { idParam: string }) {
  const id = parseProposalId(idParam);
  const { account } = useWriteGuard();
  const proposal = useProposal(id, account);

  if (id === undefined)
    return (
      <EmptyState title="This is not a proposal id" action={<Link href="/governance">Back to governance</Link>}>
        A proposal id is a number, as in the proposals list.
      </EmptyState>
    );
  if (proposal.error)
    return (
      <div className="gov">
        <BackLink />
        <ErrorNote error={proposal.error} retry={() => proposal.refetch()} />
      </div>
    );
  if (proposal.isPending)
    return (
      <div className="gov" aria-busy="true">
        <BackLink />
        <Skeleton height={36} width="60%" label="Loading the proposal" />
        <div className="gov-gap" />
        <Skeleton height={140} />
        <div className="gov-gap" />
        <Skeleton height={320} />
      </div>
    );
  if (!proposal.data)
    return (
      <div className="gov">
        <BackLink />
        <EmptyState title="No such proposal" action={<Link href="/governance">See all proposals</Link>}>
          No proposal with id {shortId(id)} exists on this chain.
        </EmptyState>
      </div>
    );
  return <ProposalView p={proposal.data} />;
}

function BackLink() {
  return (
    <p className="gov-back">
      <Link href="/governance">← Governance</Link>
    </p>
  );
}

function ProposalView({ p }: { p: ProposalDetail }) {
  const { now, ready } = useChainTime();
  return (
    <div className="gov">
      <BackLink />
      <header className="page-header">
        <div>
          <h1>{proposalTitle(p.description)}</h1>
          <p>
            Proposal <code title={p.id.toString()}>#{shortId(p.id)}</code> by <AddressLink address={p.proposer} />
          </p>
        </div>
        <div className="gov-state-box">
          <StateBadge state={p.state} />
          <ProposalCountdown proposal={p} now={now} />
        </div>
      </header>
      <p className="gov-state-words">{STATE_WORDS[p.state]}</p>

      <div className="grid-2">
        <Card title="Description">
          <p className="gov-description">{p.description}</p>
          <dl className="gov-rules">
            <div>
              <dt>Snapshot</dt>
              <dd>{formatDate(p.snapshot)}</dd>
            </div>
            <div>
              <dt>Voting</dt>
              <dd>
                {formatDate(p.voteStart)} to {formatDate(p.voteEnd)}
              </dd>
            </div>
            <div>
              <dt>Human house</dt>
              <dd>{p.requireHumans ? "Required: verified humans must agree too" : "Not required"}</dd>
            </div>
          </dl>
        </Card>
        <Card title={p.actions.length === 1 ? "Action" : `Actions (${p.actions.length})`}>
          <ol className="gov-action-list">
            {p.actions.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions are ordered and may repeat
              <li key={i}>
                <code className="gov-action-text">{a.text}</code>
                {a.args?.some((x) => x.meaning) ? (
                  <ul className="gov-args">
                    {a.args.map((x) => (
                      <li key={x.name}>
                        <span className="muted">{x.name}</span> = {x.value}
                        {x.meaning ? <span className="muted"> ({x.meaning})</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <details>
                  <summary className="muted small">Raw call</summary>
                  <pre className="readable">{`target: ${a.target}\nvalue:  ${a.value} wei\ndata:   ${a.data}`}</pre>
                </details>
              </li>
            ))}
          </ol>
        </Card>
      </div>

      <VoteCard p={p} now={now} clockReady={ready} />
      {p.requireHumans ? <HumanHouseCard p={p} /> : null}
      <TimelockCard p={p} now={now} />
    </div>
  );
}

function VoteCard({ p, now, clockReady }: { p: ProposalDetail; now: number; clockReady: boolean }) {
  const { reason: guardReason } = useWriteGuard();
  const tx = useAosTransaction();
  const reasonId = useId();
  const governor = contract("ReputationGovernor");
  const turnout = p.votes.for + p.votes.against + p.votes.abstain;
  const mine = p.account;
  const reason = voteDisabledReason({
    guardReason,
    state: p.state,
    now,
    clockReady,
    voteStart: p.voteStart,
    voteEnd: p.voteEnd,
    receipt: mine?.receipt,
    snapshotPower: mine?.snapshotPower,
  });
  const weight = mine ? (mine.receipt.taken >= mine.snapshotPower ? 0n : mine.snapshotPower - mine.receipt.taken) : 0n;
  const vote = (support: 0 | 1 | 2, words: string) =>
    tx.send(`${words} proposal #${shortId(p.id)}`, {
      address: governor.address,
      abi: governor.abi,
      functionName: "castVote",
      args: [p.id, support],
    });

  return (
    <Card title="Reputation vote">
      <div className="gov-tally">
        <div>
          <VoteBars
            label="Reputation votes"
            forVotes={toNumber(p.votes.for)}
            against={toNumber(p.votes.against)}
            abstain={toNumber(p.votes.abstain)}
          />
        </div>
        <div>
          <dl className="stats">
            <div className="stat">
              <dt>For</dt>
              <dd data-testid="tally-for">{formatPower(p.votes.for)}</dd>
            </div>
            <div className="stat">
              <dt>Against</dt>
              <dd data-testid="tally-against">{formatPower(p.votes.against)}</dd>
            </div>
            <div className="stat">
              <dt>Abstain</dt>
              <dd data-testid="tally-abstain">{formatPower(p.votes.abstain)}</dd>
            </div>
          </dl>
          <p className="small gov-quorum-label">
            Quorum: {formatPower(turnout)} of {formatPower(p.quorum)} needed ({p.quorumBps / 100}% of the weight at the
            snapshot)
          </p>
          <Progress
            value={p.quorum > 0n ? Number((turnout * 10_000n) / p.quorum) / 10_000 : 1}
            label="Quorum reached"
          />
        </div>
      </div>

      <h3 className="gov-subhead">Your vote</h3>
      {mine?.receipt.voted ? (
        <p data-testid="your-vote">
          You voted <strong>{SUPPORT_NAMES[mine.receipt.support]?.toLowerCase()}</strong> with{" "}
          {formatPower(mine.receipt.weight)}
          {mine.receipt.taken > 0n
            ? ` (your delegators took back ${formatPower(mine.receipt.taken)} by voting themselves)`
            : ""}
          .
        </p>
      ) : mine && !reason ? (
        <p className="muted small">
          You vote with {formatPower(weight)}: your power at the snapshot
          {mine.receipt.taken > 0n ? `, less ${formatPower(mine.receipt.taken)} your delegators already cast` : ""}. If
          your delegate already voted, your vote takes your weight back from theirs.
        </p>
      ) : null}
      <div className="gov-actions">
        <Button
          disabled={Boolean(reason)}
          aria-describedby={reason ? reasonId : undefined}
          busy={tx.isBusy}
          onClick={() => vote(1, "Vote for")}
        >
          Vote for
        </Button>
        <Button
          variant="secondary"
          disabled={Boolean(reason)}
          aria-describedby={reason ? reasonId : undefined}
          busy={tx.isBusy}
          onClick={() => vote(0, "Vote against")}
        >
          Vote against
        </Button>
        <Button
          variant="secondary"
          disabled={Boolean(reason)}
          aria-describedby={reason ? reasonId : undefined}
          busy={tx.isBusy}
          onClick={() => vote(2, "Abstain on")}
        >
          Abstain
        </Button>
      </div>
      {reason ? (
        <p id={reasonId} className="disabled-reason gov-vote-reason" data-testid="vote-disabled-reason">
          {reason}
        </p>
      ) : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />

      <h3 className="gov-subhead">Votes cast ({p.votesCast.length})</h3>
      {p.votesCast.length === 0 ? (
        <p className="muted small">Nobody has voted yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Voter</th>
                <th scope="col">Choice</th>
                <th scope="col">Weight cast</th>
                <th scope="col">Counts now</th>
              </tr>
            </thead>
            <tbody>
              {p.votesCast.map((v) => (
                <tr key={`${v.voter}-${v.tx}`}>
                  <td>
                    <AddressLink address={v.voter} />
                  </td>
                  <td>{SUPPORT_NAMES[v.support]}</td>
                  <td className="gov-num">{formatPower(v.weight)}</td>
                  <td className="gov-num">
                    {formatPower(v.weight - v.overridden)}
                    {v.overridden > 0n ? (
                      <span className="muted small"> (delegators took back {formatPower(v.overridden)})</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function HumanHouseCard({ p }: { p: ProposalDetail }) {
  const h = p.humanVotes;
  return (
    <section className="card" aria-label="Human house vote" data-testid="human-house">
      <p className="muted small gov-human-intro">
        This proposal requires the human house: verified humans vote one person, one vote, anonymously, and it passes
        only if more of them vote for than against, with at least {h.minTurnout.toString()}{" "}
        {h.minTurnout === 1n ? "vote" : "votes"} in all.
      </p>
      <HumanVote proposalId={p.id} />
    </section>
  );
}

function TimelockCard({ p, now }: { p: ProposalDetail; now: number }) {
  const { reason: guardReason } = useWriteGuard();
  const tx = useAosTransaction();
  const governor = contract("ReputationGovernor");
  if (p.state === "Pending" || p.state === "Active" || p.state === "Defeated") return null;
  if (p.state === "Expired" && p.requestId === undefined)
    return (
      <Card title="Timelock">
        <p className="muted">It passed but was not queued within the queue period.</p>
      </Card>
    );
  return (
    <Card title="Timelock">
      {p.requestId !== undefined ? (
        <p>
          Queued as agent timelock request <strong>#{p.requestId.toString()}</strong>
          {p.state === "Queued" && p.eta ? (
            <>
              {" "}
              (<ProposalCountdown proposal={p} now={now} />, after {formatDate(p.eta)}). Verified humans can veto it
              until then; see the agent requests on the <Link href="/governance">governance page</Link>.
            </>
          ) : (
            "."
          )}
        </p>
      ) : (
        <>
          <p className="muted small">
            It passed. Anyone can queue it in the agent timelock before {formatDate(p.queueDeadline)}; it then waits out
            the timelock's delay, during which verified humans can veto it.
          </p>
          <Button
            disabledReason={queueDisabledReason(guardReason, p.state)}
            busy={tx.isBusy}
            onClick={() =>
              tx.send(`Queue proposal #${shortId(p.id)}`, {
                address: governor.address,
                abi: governor.abi,
                functionName: "queue",
                args: [p.id, p.queueArgs.actions, p.queueArgs.description],
              })
            }
          >
            Queue
          </Button>
        </>
      )}
      {/* Outside the branches: the confirmation stays once the proposal shows its timelock request. */}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </Card>
  );
}
