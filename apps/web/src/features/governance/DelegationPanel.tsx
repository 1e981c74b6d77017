"use client";
/**
 * The connected account's voting power and liquid delegation: the chain from it upward with each
 * hop's power, who delegates to it, and the forms to delegate (with an expiry) or revoke.
 */
import { type FormEvent, useId, useState } from "react";
import { zeroAddress } from "viem";
import { AddressLink, Button, Card, EmptyState, ErrorNote, Field, Skeleton } from "@/components/ui";
import { contract, type GovernanceSettings, type Voter } from "@/data/governance";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { useChainTime, useGovernanceSettings, useVoter } from "./hooks";
import { delegationExpiry, formatDate, formatPower, validateDelegation } from "./logic";

export function DelegationPanel() {
  const { account, reason } = useWriteGuard();
  const voter = useVoter(account);
  const settings = useGovernanceSettings();

  if (!account)
    return (
      <Card title="Your voting power">
        <EmptyState title="Connect a wallet">
          Connect a wallet to see your voting power, delegate it to someone you trust, or take it back.
        </EmptyState>
      </Card>
    );
  return (
    <Card title="Your voting power">
      {voter.error ? (
        <ErrorNote error={voter.error} retry={() => voter.refetch()} />
      ) : !voter.data || !settings.data ? (
        <div className="gov-panel-skeleton">
          <Skeleton height={64} />
          <Skeleton height={44} />
          <Skeleton height={150} />
        </div>
      ) : (
        <VoterDetails voter={voter.data} settings={settings.data} guardReason={reason} />
      )}
    </Card>
  );
}

export function DelegationChain({ voter }: { voter: Voter }) {
  return (
    <ol className="gov-chain" data-testid="delegation-chain" aria-label="Your delegation chain, from you upward">
      <li>
        <span className="gov-chain-who">You</span>
        <span className="gov-chain-power">{formatPower(voter.power)}</span>
      </li>
      {voter.chain.map((hop) => (
        <li key={hop.address}>
          <span aria-hidden className="gov-chain-arrow">
            →
          </span>
          <span className="gov-sr-only">delegates to</span>
          <span className="gov-chain-who">
            <AddressLink address={hop.address} />
          </span>
          <span className="gov-chain-power">{formatPower(hop.power)}</span>
        </li>
      ))}
      {voter.chainHasCycle ? <li className="error-text">(the chain loops back: shown up to the repeat)</li> : null}
    </ol>
  );
}

function VoterDetails({
  voter,
  settings,
  guardReason,
}: {
  voter: Voter;
  settings: GovernanceSettings;
  guardReason?: string;
}) {
  const delegated = voter.power > voter.ownWeight ? voter.power - voter.ownWeight : 0n;
  const { now } = useChainTime();
  const stored = voter.storedDelegation;
  const active = voter.delegation.delegatee !== zeroAddress;
  const expiredStored = !active && stored.delegatee !== zeroAddress;
  return (
    <>
      <dl className="stats">
        <div className="stat">
          <dt>Voting power</dt>
          <dd data-testid="voting-power">{formatPower(voter.power)}</dd>
        </div>
        <div className="stat">
          <dt>Your own weight</dt>
          <dd>{formatPower(voter.ownWeight)}</dd>
        </div>
        <div className="stat">
          <dt>Delegated to you</dt>
          <dd>{formatPower(delegated)}</dd>
        </div>
        <div className="stat">
          <dt>Your open proposals</dt>
          <dd>
            {voter.openProposals} of {settings.maxOpenProposals}
          </dd>
        </div>
      </dl>

      <h3 className="gov-subhead">Delegation chain</h3>
      <DelegationChain voter={voter} />
      <p className="muted small">
        {active ? (
          <>
            You delegate to <AddressLink address={voter.delegation.delegatee} />
            {voter.delegation.expiry ? ` until ${formatDate(voter.delegation.expiry)}` : " with no expiry"}. You can
            still vote yourself: your vote takes your weight back from your delegate's.
          </>
        ) : expiredStored ? (
          <>
            Your delegation to <AddressLink address={stored.delegatee} /> expired on {formatDate(stored.expiry)}; it
            still carries your weight until it is cleared. Revoke it to take your weight back now.
          </>
        ) : (
          "You vote with your own power."
        )}{" "}
        {voter.refusesDelegations ? "You refuse new delegations." : null}
      </p>

      <h3 className="gov-subhead">Delegating to you</h3>
      {voter.delegators.length === 0 ? (
        <p className="muted small">Nobody delegates to you.</p>
      ) : (
        <ul className="gov-delegators">
          {voter.delegators.map((d) => (
            <li key={d.delegator}>
              <AddressLink address={d.delegator} /> <span className="gov-chain-power">{formatPower(d.power)}</span>{" "}
              <span className="muted small">
                {d.expiry === 0
                  ? "no expiry"
                  : d.expired
                    ? `expired ${formatDate(d.expiry)}`
                    : `until ${formatDate(d.expiry)}`}
              </span>
            </li>
          ))}
        </ul>
      )}

      <DelegateForm
        account={voter.address}
        guardReason={guardReason}
        maxDurationSeconds={settings.maxDelegationDuration}
        chainNow={now}
        canRevoke={stored.delegatee !== zeroAddress}
      />
    </>
  );
}

export function DelegateForm({
  account,
  guardReason,
  maxDurationSeconds,
  chainNow,
  canRevoke,
}: {
  account: string;
  guardReason?: string;
  maxDurationSeconds: number;
  chainNow: number;
  canRevoke: boolean;
}) {
  const ids = useId();
  const toId = `${ids}-to`;
  const daysId = `${ids}-days`;
  const [to, setTo] = useState("");
  const [days, setDays] = useState(() => String(Math.min(30, Math.floor(maxDurationSeconds / 86400) || 30)));
  const [errors, setErrors] = useState<{ to?: string; days?: string }>({});
  const tx = useAosTransaction();
  const votes = contract("ReputationVotes");
  const maxDays = Math.floor(maxDurationSeconds / 86400);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const check = validateDelegation({ to, days, account, maxDurationSeconds });
    setErrors(check.errors);
    if (!check.to || check.seconds === undefined) return;
    const expiry = delegationExpiry(chainNow, check.seconds, maxDurationSeconds);
    const done = await tx.send(`Delegate to ${check.to.slice(0, 8)}…`, {
      address: votes.address,
      abi: votes.abi,
      functionName: "delegate",
      args: [check.to, expiry],
    });
    if (done) setTo("");
  }

  const daysNumber = Number(days);
  const preview =
    days.trim() && Number.isFinite(daysNumber) && daysNumber > 0
      ? `Expires around ${formatDate(delegationExpiry(chainNow, Math.round(daysNumber * 86400), maxDurationSeconds))}.`
      : maxDurationSeconds === 0
        ? "Leave empty for a delegation without expiry."
        : "";

  return (
    <form className="gov-delegate-form" onSubmit={onSubmit} noValidate>
      <h3 className="gov-subhead">Delegate your power</h3>
      <Field label="Delegate to" htmlFor={toId} error={errors.to} help="The account that votes with your weight.">
        <input
          id={toId}
          name="delegate"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          className="mono"
          aria-invalid={Boolean(errors.to)}
          aria-describedby={`${toId}-help${errors.to ? ` ${toId}-error` : ""}`}
        />
      </Field>
      <Field
        label="Days it lasts"
        htmlFor={daysId}
        error={errors.days}
        help={`${maxDays > 0 ? `At most ${maxDays} days. ` : ""}${preview}`}
      >
        <input
          id={daysId}
          name="days"
          inputMode="decimal"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          aria-invalid={Boolean(errors.days)}
          aria-describedby={`${daysId}-help${errors.days ? ` ${daysId}-error` : ""}`}
        />
      </Field>
      <div className="gov-actions">
        <Button type="submit" disabledReason={guardReason} busy={tx.isBusy}>
          Delegate
        </Button>
        <Button
          variant="secondary"
          disabledReason={guardReason ?? (canRevoke ? undefined : "You are not delegating.")}
          busy={tx.isBusy}
          onClick={() =>
            tx.send("Revoke delegation", {
              address: votes.address,
              abi: votes.abi,
              functionName: "undelegate",
              args: [],
            })
          }
        >
          Revoke delegation
        </Button>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}
