"use client";
import Link from "next/link";
import { Card, ErrorNote, Skeleton } from "@/components/ui";
import { IdentityPanel } from "./IdentityPanel";
import { usePersonhoodGroup } from "./queries";
import { RegistrarPanel } from "./RegistrarPanel";
import "./personhood.css";

function formatDays(seconds: number): string {
  const days = seconds / 86400;
  return days >= 1 ? `${Number.isInteger(days) ? days : days.toFixed(1)} days` : `${Math.round(seconds / 3600)} hours`;
}

function GroupCard() {
  const group = usePersonhoodGroup();
  const root = group.data?.root.toString();
  return (
    <Card title="The group of verified humans">
      {group.isError && !group.data ? (
        <ErrorNote error={group.error} retry={() => group.refetch()} />
      ) : (
        <dl className="stats">
          <div className="stat">
            <dt>Members</dt>
            <dd data-testid="group-members">
              {group.data ? group.data.members.filter((m) => m !== 0n).length : <Skeleton height={28} width={60} />}
            </dd>
          </div>
          <div className="stat">
            <dt>Tree depth</dt>
            <dd>{group.data ? group.data.depth : <Skeleton height={28} width={40} />}</dd>
          </div>
          <div className="stat">
            <dt>Root</dt>
            <dd title={root}>
              {root ? <code>{`${root.slice(0, 6)}…${root.slice(-4)}`}</code> : <Skeleton height={28} width={90} />}
            </dd>
          </div>
          <div className="stat">
            <dt>An old root stays valid</dt>
            <dd>{group.data ? formatDays(group.data.rootValidity) : <Skeleton height={28} width={70} />}</dd>
          </div>
        </dl>
      )}
      <p className="muted small">
        Members prove that they are in this group without saying who they are: each proof carries a nullifier, the same
        for one identity within one scope, so a person votes or vetoes once without being recognised.
      </p>
    </Card>
  );
}

export function PersonhoodPage() {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Personhood</h1>
          <p>
            Your anonymous identity as a verified human: it lets you veto agents' requests and vote in the human house.
          </p>
        </div>
      </header>
      <div className="grid-2">
        <IdentityPanel />
        <div>
          <RegistrarPanel />
          <GroupCard />
          <Card title="How it works">
            <ol className="small">
              <li>Create an identity here. Its secret key never leaves this browser.</li>
              <li>Export a backup and keep it offline.</li>
              <li>Give your commitment to a registrar, who adds it after an off-chain check that you are a person.</li>
              <li>
                Then veto an agent's request on the <Link href="/governance">governance</Link> page, or vote as a human
                on a proposal: the proof is made in this browser.
              </li>
            </ol>
          </Card>
        </div>
      </div>
      <p>
        <Link href="/personhood/benchmark" className="discreet-link">
          How fast is proving on this device?
        </Link>
      </p>
    </>
  );
}
