"use client";
/**
 * /governance/new: make a proposal. Each action is either a governance setting (the governor's,
 * the timelock's or the karma registry's own setters, with a typed value checked against its
 * bounds) or a raw call on any AOS contract; then a description, and whether the human house
 * must agree too. On success the page opens the new proposal.
 */
import { proposalIdFromLogs } from "@aos/sdk";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useMemo, useState } from "react";
import { Button, Card, ErrorNote, Field, Skeleton } from "@/components/ui";
import { aosContracts, decodeAction, type GovernanceSettings, type KnownContract } from "@/data/governance";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import { useGovernanceSettings, useVoter } from "./hooks";
import { formatPower, proposeDisabledReason } from "./logic";
import {
  type ActionDraft,
  fieldId,
  functionSignature,
  type ProposalDraft,
  type RawDraft,
  SETTINGS,
  settingById,
  settingDraft,
  validateProposal,
  writableFunctions,
} from "./proposalForm";
import "./governance.css";

const GROUPS = [
  { contract: "ReputationGovernor", label: "Governor" },
  { contract: "AgentTimelock", label: "Agent timelock" },
  { contract: "KarmaRegistry", label: "Karma registry" },
] as const;

function rawDraft(contracts: readonly KnownContract[]): RawDraft {
  const first = contracts.find((c) => c.name === "ReputationGovernor") ?? contracts[0];
  const fn = first ? writableFunctions(first.abi)[0] : undefined;
  return {
    kind: "raw",
    contract: first?.name ?? "ReputationGovernor",
    functionName: fn ? functionSignature(fn) : "",
    args: fn ? fn.inputs.map(() => "") : [],
    value: "",
  };
}

export function NewProposalPage() {
  const settings = useGovernanceSettings();
  return (
    <div className="gov">
      <p className="gov-back">
        <Link href="/governance">← Governance</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>New proposal</h1>
          <p>
            Propose changes to the system. If it passes, its actions wait in the agent timelock, where verified humans
            can still veto them, and then run.
          </p>
        </div>
      </header>
      {settings.error ? (
        <ErrorNote error={settings.error} retry={() => settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton height={480} label="Loading the governance settings" />
      ) : (
        <ProposalForm settings={settings.data} />
      )}
    </div>
  );
}

export function ProposalForm({ settings }: { settings: GovernanceSettings }) {
  const contracts = useMemo(() => aosContracts(), []);
  const { account, reason: guardReason } = useWriteGuard();
  const voter = useVoter(account);
  const router = useRouter();
  const tx = useAosTransaction();
  const [draft, setDraft] = useState<ProposalDraft>(() => ({
    actions: [settingDraft(SETTINGS[1] ?? SETTINGS[0]!, settings)],
    description: "",
    requireHumans: false,
  }));
  const [submitted, setSubmitted] = useState(false);
  const check = useMemo(() => validateProposal(draft, contracts, settings), [draft, contracts, settings]);
  const errors = submitted ? check.errors : {};

  const disabledReason = proposeDisabledReason({
    guardReason,
    power: voter.data?.power,
    threshold: settings.proposalThreshold,
    openProposals: voter.data?.openProposals,
    maxOpenProposals: settings.maxOpenProposals,
  });

  const setAction = (i: number, next: ActionDraft) =>
    setDraft((d) => ({ ...d, actions: d.actions.map((a, j) => (j === i ? next : a)) }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!check.actions || check.description === undefined) {
      const first = Object.keys(check.errors)[0];
      if (first) document.getElementById(first)?.focus();
      return;
    }
    const governor = contracts.find((c) => c.name === "ReputationGovernor");
    if (!governor) return;
    const receipt = await tx.send("Create proposal", {
      address: governor.address,
      abi: governor.abi,
      functionName: "propose",
      args: [check.actions, check.description, draft.requireHumans],
    });
    if (!receipt) return;
    let id: bigint | undefined;
    try {
      id = proposalIdFromLogs(receipt.logs);
    } catch {
      // Mined without a ProposalCreated event (cannot happen with this governor): show the list.
    }
    router.push(id === undefined ? "/governance" : `/governance/proposals/${id}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="gov-form">
      <Card title="Can you propose?">
        {!account ? (
          <p className="muted">Connect a wallet to propose.</p>
        ) : voter.error ? (
          <ErrorNote error={voter.error} retry={() => voter.refetch()} />
        ) : !voter.data ? (
          <Skeleton height={24} />
        ) : (
          <p data-testid="propose-eligibility">
            Your voting power is <strong>{formatPower(voter.data.power)}</strong> (
            {formatPower(settings.proposalThreshold)} needed), and you have {voter.data.openProposals} of{" "}
            {settings.maxOpenProposals} open proposals allowed.
          </p>
        )}
      </Card>

      {draft.actions.map((action, i) => (
        <ActionEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: actions are edited in place by position
          key={i}
          index={i}
          action={action}
          contracts={contracts}
          settings={settings}
          errors={errors}
          onChange={(next) => setAction(i, next)}
          onRemove={
            draft.actions.length > 1
              ? () => setDraft((d) => ({ ...d, actions: d.actions.filter((_, j) => j !== i) }))
              : undefined
          }
        />
      ))}
      <p>
        <Button
          variant="secondary"
          onClick={() => setDraft((d) => ({ ...d, actions: [...d.actions, settingDraft(SETTINGS[0]!, settings)] }))}
        >
          Add another action
        </Button>
      </p>

      <Card title="Description">
        <Field
          label="Description"
          htmlFor={fieldId.description}
          error={errors[fieldId.description]}
          help="The first line is the proposal's title. Say what changes and why; only its hash is stored on-chain."
        >
          <textarea
            id={fieldId.description}
            rows={5}
            value={draft.description}
            onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
            aria-invalid={Boolean(errors[fieldId.description])}
            aria-describedby={`${fieldId.description}-help${errors[fieldId.description] ? ` ${fieldId.description}-error` : ""}`}
          />
        </Field>
        <label className="gov-check">
          <input
            type="checkbox"
            checked={draft.requireHumans}
            onChange={(e) => setDraft((d) => ({ ...d, requireHumans: e.target.checked }))}
          />
          <span>
            Require the human house: verified humans must also vote, and more of them for than against (at least{" "}
            {settings.minHumanTurnout} {settings.minHumanTurnout === 1 ? "vote" : "votes"}).
          </span>
        </label>
        <div className="gov-actions">
          <Button type="submit" disabledReason={disabledReason} busy={tx.isBusy}>
            Create proposal
          </Button>
        </div>
        {submitted && Object.keys(check.errors).length > 0 ? (
          <p className="error-text" role="alert">
            Fix the {Object.keys(check.errors).length === 1 ? "field" : `${Object.keys(check.errors).length} fields`}{" "}
            marked above.
          </p>
        ) : null}
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </Card>
    </form>
  );
}

function ActionEditor({
  index,
  action,
  contracts,
  settings,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  action: ActionDraft;
  contracts: readonly KnownContract[];
  settings: GovernanceSettings;
  errors: Record<string, string>;
  onChange: (next: ActionDraft) => void;
  onRemove?: () => void;
}) {
  const single = validateProposal({ actions: [action], description: "-", requireHumans: false }, contracts, settings);
  const preview = single.actions?.[0] ? decodeAction(single.actions[0], contracts).text : undefined;
  const kindName = `action-${index}-kind`;
  return (
    <fieldset className="card gov-action-editor">
      <legend>Action {index + 1}</legend>
      <div className="gov-kind" role="radiogroup" aria-label={`Kind of action ${index + 1}`}>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={action.kind === "setting"}
            onChange={() => onChange(settingDraft(SETTINGS[1] ?? SETTINGS[0]!, settings))}
          />{" "}
          Change a governance setting
        </label>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={action.kind === "raw"}
            onChange={() => onChange(rawDraft(contracts))}
          />{" "}
          Call any function of an AOS contract
        </label>
      </div>
      {action.kind === "setting" ? (
        <SettingEditor index={index} action={action} settings={settings} errors={errors} onChange={onChange} />
      ) : (
        <RawEditor index={index} action={action} contracts={contracts} errors={errors} onChange={onChange} />
      )}
      <p className="small gov-preview" aria-live="polite">
        {preview ? (
          <>
            <span className="muted">Will call </span>
            <code>{preview}</code>
          </>
        ) : (
          <span className="muted">Fill in the values to see the call.</span>
        )}
      </p>
      {onRemove ? (
        <Button variant="secondary" onClick={onRemove}>
          Remove action {index + 1}
        </Button>
      ) : null}
    </fieldset>
  );
}

function SettingEditor({
  index,
  action,
  settings,
  errors,
  onChange,
}: {
  index: number;
  action: Extract<ActionDraft, { kind: "setting" }>;
  settings: GovernanceSettings;
  errors: Record<string, string>;
  onChange: (next: ActionDraft) => void;
}) {
  const def = settingById(action.settingId);
  const id = fieldId.setting(index);
  return (
    <>
      <Field label="Setting" htmlFor={id} error={errors[id]} help={def?.summary}>
        <select
          id={id}
          value={action.settingId}
          onChange={(e) => {
            const next = settingById(e.target.value);
            if (next) onChange(settingDraft(next, settings));
          }}
          aria-describedby={`${id}-help`}
        >
          {GROUPS.map((g) => (
            <optgroup key={g.contract} label={g.label}>
              {SETTINGS.filter((s) => s.contract === g.contract).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title} ({s.contract}.{s.functionName})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      {def?.params.map((p, j) => {
        const pid = fieldId.param(index, j);
        const now = p.current ? p.current(settings) : undefined;
        const hint =
          p.kind === "duration"
            ? "Seconds, or with a unit: 90m, 36h, 7d, 2w."
            : p.kind === "address"
              ? "0x followed by 40 hex digits."
              : p.kind === "percent"
                ? "Percent, up to two decimals."
                : "";
        return (
          <Field
            key={p.name}
            label={p.label}
            htmlFor={pid}
            error={errors[pid]}
            help={`${now !== undefined ? `Now ${now}. ` : ""}${hint}`}
          >
            <input
              id={pid}
              value={action.values[j] ?? ""}
              onChange={(e) =>
                onChange({ ...action, values: action.values.map((v, k) => (k === j ? e.target.value : v)) })
              }
              className={p.kind === "address" ? "mono" : undefined}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={Boolean(errors[pid])}
              aria-describedby={`${pid}-help${errors[pid] ? ` ${pid}-error` : ""}`}
            />
          </Field>
        );
      })}
    </>
  );
}

function RawEditor({
  index,
  action,
  contracts,
  errors,
  onChange,
}: {
  index: number;
  action: RawDraft;
  contracts: readonly KnownContract[];
  errors: Record<string, string>;
  onChange: (next: ActionDraft) => void;
}) {
  const target = contracts.find((c) => c.name === action.contract);
  const functions = target ? writableFunctions(target.abi) : [];
  const fn = functions.find((f) => functionSignature(f) === action.functionName);
  const tid = fieldId.target(index);
  const fid = fieldId.fn(index);
  const vid = fieldId.value(index);
  return (
    <>
      <div className="grid-2 gov-raw-grid">
        <Field label="Contract" htmlFor={tid} error={errors[tid]} help={target ? target.address : undefined}>
          <select
            id={tid}
            value={action.contract}
            onChange={(e) => {
              const next = contracts.find((c) => c.name === e.target.value);
              const first = next ? writableFunctions(next.abi)[0] : undefined;
              onChange({
                ...action,
                contract: e.target.value as RawDraft["contract"],
                functionName: first ? functionSignature(first) : "",
                args: first ? first.inputs.map(() => "") : [],
                value: "",
              });
            }}
            aria-describedby={`${tid}-help`}
          >
            {contracts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Function" htmlFor={fid} error={errors[fid]}>
          <select
            id={fid}
            value={action.functionName}
            onChange={(e) => {
              const next = functions.find((f) => functionSignature(f) === e.target.value);
              onChange({
                ...action,
                functionName: e.target.value,
                args: next ? next.inputs.map(() => "") : [],
                value: "",
              });
            }}
          >
            {functions.map((f) => (
              <option key={functionSignature(f)} value={functionSignature(f)}>
                {functionSignature(f)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {fn?.inputs.length === 0 ? <p className="muted small">This function takes no arguments.</p> : null}
      {fn?.inputs.map((input, j) => {
        const aid = fieldId.arg(index, j);
        const complex = input.type.endsWith("]") || input.type === "tuple";
        return (
          <Field
            // biome-ignore lint/suspicious/noArrayIndexKey: arguments are positional and may be unnamed
            key={`${input.name}-${j}`}
            label={`${input.name || `Argument ${j + 1}`} (${input.type})`}
            htmlFor={aid}
            error={errors[aid]}
            help={complex ? "JSON, with large numbers as strings." : undefined}
          >
            <input
              id={aid}
              value={action.args[j] ?? ""}
              onChange={(e) => onChange({ ...action, args: action.args.map((v, k) => (k === j ? e.target.value : v)) })}
              className="mono"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={Boolean(errors[aid])}
              aria-describedby={errors[aid] ? `${aid}-error` : complex ? `${aid}-help` : undefined}
            />
          </Field>
        );
      })}
      {fn?.stateMutability === "payable" ? (
        <Field
          label="ETH sent with the call"
          htmlFor={vid}
          error={errors[vid]}
          help="The timelock pays it when the request runs."
        >
          <input
            id={vid}
            inputMode="decimal"
            value={action.value}
            onChange={(e) => onChange({ ...action, value: e.target.value })}
            placeholder="0"
            aria-invalid={Boolean(errors[vid])}
          />
        </Field>
      ) : null}
    </>
  );
}
