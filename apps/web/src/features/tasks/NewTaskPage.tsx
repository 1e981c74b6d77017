"use client";
/**
 * /tasks/new: describe the work (an LLM pipeline or a DCOS simulation), lock a bounty in ETH or
 * in the demo token, say who may claim it (karma requirements, domain) and by when. The input is
 * published to the gateway, then createTask locks the bounty; the new task's page opens.
 */
import { NATIVE_ASSET, TASK_TYPES } from "@aos/sdk";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { type Abi, erc20Abi, parseUnits } from "viem";
import { Button, Card, Field, Skeleton } from "@/components/ui";
import { contract } from "@/data/chain";
import { karmaToNumber } from "@/data/dimensions";
import { demoToken, NATIVE_TOKEN, taskIdFromReceipt } from "@/data/tasks";
import { TxStatus } from "@/tx/TxStatus";
import { useAosTransaction } from "@/tx/useAosTransaction";
import { useWriteGuard } from "@/wallet/useWriteGuard";
import {
  buildInput,
  buildTaskParams,
  DEFAULT_VALUES,
  type FieldName,
  type FormContext,
  type FormErrors,
  LIMITS,
  type TaskFormValues,
  toLocalDateTime,
  validateTaskForm,
} from "./form";
import { useChainClock, useDimensions, useEscrowParameters, useTokenStatus } from "./hooks";
import { formatAmount, shortDimensionName } from "./labels";
import "./tasks.css";

/** Input props wiring a field's id, error and help for assistive technology. */
function wire(id: FieldName, errors: FormErrors, help = false) {
  const error = errors[id];
  const described = [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, name: id, "aria-invalid": Boolean(error) || undefined, "aria-describedby": described || undefined };
}

type PublishState = { phase: "idle" | "publishing" | "published" | "failed"; message?: string; cid?: string };

export function NewTaskPage() {
  const router = useRouter();
  const guard = useWriteGuard();
  const clock = useChainClock();
  const parameters = useEscrowParameters();
  const dimensions = useDimensions();
  const create = useAosTransaction();
  const approval = useAosTransaction();
  const [values, setValues] = useState<TaskFormValues>(DEFAULT_VALUES);
  const [submitted, setSubmitted] = useState(false);
  const [publish, setPublish] = useState<PublishState>({ phase: "idle" });
  const formRef = useRef<HTMLFormElement>(null);

  const tokenAddress = values.asset === "native" ? NATIVE_ASSET : demoToken();
  const tokenStatus = useTokenStatus(tokenAddress, guard.account);
  const token = values.asset === "native" ? NATIVE_TOKEN : tokenStatus.data?.token;

  const accuracy = useMemo(() => (dimensions.data ?? []).filter((d) => d.kind === "Accuracy"), [dimensions.data]);
  const names = useMemo(() => new Map((dimensions.data ?? []).map((d) => [d.id, d.name])), [dimensions.data]);

  // Defaults that need the chain: a deadline three days ahead by its clock, a domain for the type.
  useEffect(() => {
    if (clock.ready && !values.deadline) setValues((v) => ({ ...v, deadline: toLocalDateTime(clock.now + 3 * 86400) }));
  }, [clock.ready, clock.now, values.deadline]);
  useEffect(() => {
    if (values.domain || accuracy.length === 0) return;
    const preferred = accuracy.find(
      (d) => d.name === (values.kind === "sim" ? "accuracy.simulation" : "accuracy.code_review"),
    );
    setValues((v) => ({ ...v, domain: String((preferred ?? accuracy[0])?.id ?? "") }));
  }, [accuracy, values.domain, values.kind]);

  const ctx: FormContext | undefined =
    parameters.data && token
      ? {
          now: clock.now,
          parameters: parameters.data,
          decimals: token.decimals,
          symbol: token.symbol,
          balance: tokenStatus.data?.balance,
          dimensionNames: names,
          token: demoToken(),
        }
      : undefined;
  const errors: FormErrors = submitted && ctx ? validateTaskForm(values, ctx) : {};

  let amount: bigint | undefined;
  try {
    amount =
      token && /^(\d+\.?\d*|\.\d+)$/.test(values.bounty.trim())
        ? parseUnits(values.bounty.trim(), token.decimals)
        : undefined;
  } catch {
    amount = undefined;
  }
  const needsApproval =
    values.asset === "token" &&
    amount !== undefined &&
    amount > 0n &&
    tokenStatus.data !== undefined &&
    tokenStatus.data.allowance < amount;

  const set = <K extends keyof TaskFormValues>(key: K, value: TaskFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const busy = create.isBusy || publish.phase === "publishing";

  const approve = () => {
    if (amount === undefined) return;
    void approval.send(`Approve ${formatAmount(amount, token ?? NATIVE_TOKEN)} for the escrow`, {
      address: demoToken(),
      abi: erc20Abi as Abi,
      functionName: "approve",
      args: [contract("TaskEscrow").address, amount],
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!ctx) return;
    const found = validateTaskForm(values, ctx);
    const first = Object.keys(found)[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setPublish({ phase: "publishing" });
    let digest: `0x${string}`;
    try {
      // Loaded on demand: dag-cbor and CIDs stay out of the form's first load.
      const { publishInput } = await import("@/data/content");
      const published = await publishInput(buildInput(values, ctx));
      digest = published.digest;
      setPublish({ phase: "published", cid: published.cid });
    } catch (e) {
      setPublish({ phase: "failed", message: (e as Error).message });
      return;
    }
    const params = buildTaskParams(values, ctx, digest);
    const escrow = contract("TaskEscrow");
    const receipt = await create.send("Create task", {
      address: escrow.address,
      abi: escrow.abi as Abi,
      functionName: "createTask",
      args: [params],
      value: values.asset === "native" ? params.amount : 0n,
    });
    const id = receipt ? taskIdFromReceipt(receipt) : undefined;
    if (id !== undefined) router.push(`/tasks/${id}`);
  };

  if (!parameters.data || !dimensions.data || !clock.ready)
    return (
      <div>
        <h1>Post a task</h1>
        {parameters.isError || dimensions.isError ? (
          <p className="error-text" role="alert">
            Could not read the escrow's settings or the karma dimensions from the chain. Check your connection and
            reload.
          </p>
        ) : (
          <Skeleton height={600} label="Loading the form" />
        )}
      </div>
    );

  const p = parameters.data;
  const requirementRows = values.requirements;

  return (
    <div>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/tasks">← All tasks</Link>
          </p>
          <h1>Post a task</h1>
          <p>The bounty is locked in escrow until you accept a result, dispute it, or the deadline passes.</p>
        </div>
      </div>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Create a task">
        <Card title="The work">
          <fieldset>
            <legend>Task type</legend>
            <div className="radio-row">
              <label>
                <input
                  type="radio"
                  name="kind"
                  value="llm"
                  checked={values.kind === "llm"}
                  onChange={() => setValues((v) => ({ ...v, kind: "llm", domain: "" }))}
                />
                LLM pipeline
              </label>
              <label>
                <input
                  type="radio"
                  name="kind"
                  value="sim"
                  checked={values.kind === "sim"}
                  onChange={() => setValues((v) => ({ ...v, kind: "sim", domain: "" }))}
                />
                DCOS simulation
              </label>
            </div>
          </fieldset>

          {values.kind === "llm" ? (
            <>
              <Field
                label="Prompt"
                htmlFor="prompt"
                error={errors.prompt}
                help={`What the agent should do (up to ${LIMITS.promptChars.toLocaleString()} characters).`}
              >
                <textarea
                  {...wire("prompt", errors, true)}
                  rows={6}
                  value={values.prompt}
                  onChange={(e) => set("prompt", e.target.value)}
                />
              </Field>
              <Field label="System instructions (optional)" htmlFor="system" error={errors.system}>
                <textarea
                  {...wire("system", errors)}
                  rows={2}
                  value={values.system}
                  onChange={(e) => set("system", e.target.value)}
                />
              </Field>
              <div className="form-grid">
                <Field
                  label="Kind of work"
                  htmlFor="llmKind"
                  error={errors.llmKind}
                  help="Such as review, analysis or summary."
                >
                  <input
                    {...wire("llmKind", errors, true)}
                    value={values.llmKind}
                    onChange={(e) => set("llmKind", e.target.value)}
                  />
                </Field>
                <Field label="Max output tokens" htmlFor="maxOutputTokens" error={errors.maxOutputTokens}>
                  <input
                    {...wire("maxOutputTokens", errors)}
                    inputMode="numeric"
                    value={values.maxOutputTokens}
                    onChange={(e) => set("maxOutputTokens", e.target.value)}
                  />
                </Field>
                <Field
                  label="Model budget (USD)"
                  htmlFor="budgetUsd"
                  error={errors.budgetUsd}
                  help="The most the agent may spend on model calls."
                >
                  <input
                    {...wire("budgetUsd", errors, true)}
                    inputMode="decimal"
                    value={values.budgetUsd}
                    onChange={(e) => set("budgetUsd", e.target.value)}
                  />
                </Field>
                <Field
                  label="Temperature (optional)"
                  htmlFor="temperature"
                  error={errors.temperature}
                  help="0 to 2; empty for the model's default."
                >
                  <input
                    {...wire("temperature", errors, true)}
                    inputMode="decimal"
                    value={values.temperature}
                    onChange={(e) => set("temperature", e.target.value)}
                  />
                </Field>
              </div>
            </>
          ) : (
            <>
              <p className="muted small">
                A run of the DCOS digital twin: layers × clusters × cells × tiles. Workers accept at most{" "}
                {LIMITS.simNodes.toLocaleString()} tiles; the other parameters take the engine's defaults.
              </p>
              <div className="form-grid">
                {(
                  [
                    ["layers", "Layers"],
                    ["clustersPerLayer", "Clusters per layer"],
                    ["cellsPerCluster", "Cells per cluster"],
                    ["tilesPerCell", "Tiles per cell"],
                    ["simHours", "Simulated hours"],
                    ["seed", "Random seed"],
                    ["durabilityK", "Erasure code k (data fragments)"],
                    ["durabilityN", "Erasure code n (all fragments)"],
                  ] as const
                ).map(([key, label]) => (
                  <Field key={key} label={label} htmlFor={key} error={errors[key]}>
                    <input
                      {...wire(key, errors)}
                      inputMode="decimal"
                      value={values[key]}
                      onChange={(e) => set(key, e.target.value)}
                    />
                  </Field>
                ))}
              </div>
            </>
          )}
        </Card>

        <Card title="Bounty">
          <fieldset>
            <legend>Paid in</legend>
            <div className="radio-row">
              <label>
                <input
                  type="radio"
                  name="asset"
                  value="native"
                  checked={values.asset === "native"}
                  onChange={() => set("asset", "native")}
                />
                ETH
              </label>
              <label>
                <input
                  type="radio"
                  name="asset"
                  value="token"
                  checked={values.asset === "token"}
                  onChange={() => set("asset", "token")}
                />
                Demo token{tokenStatus.data && values.asset === "token" ? ` (${tokenStatus.data.token.symbol})` : ""}
              </label>
            </div>
          </fieldset>
          <Field
            label={`Bounty (${token?.symbol ?? "token"})`}
            htmlFor="bounty"
            error={errors.bounty}
            help={
              guard.account
                ? tokenStatus.data && token
                  ? `Your balance: ${formatAmount(tokenStatus.data.balance, token)}. The agent stakes 10% of it when claiming.`
                  : "Reading your balance…"
                : "Connect a wallet to see your balance."
            }
          >
            <input
              {...wire("bounty", errors, true)}
              inputMode="decimal"
              placeholder="0.1"
              value={values.bounty}
              onChange={(e) => set("bounty", e.target.value)}
            />
          </Field>
          {values.asset === "token" ? (
            <div className="form-step">
              {needsApproval ? (
                <>
                  <p className="small">Step 1: let the escrow take the bounty from your balance.</p>
                  <Button variant="secondary" busy={approval.isBusy} disabledReason={guard.reason} onClick={approve}>
                    Approve {amount !== undefined && token ? formatAmount(amount, token) : ""}
                  </Button>
                </>
              ) : amount !== undefined && amount > 0n && tokenStatus.data ? (
                <p className="small muted">The escrow may take this bounty: no approval needed.</p>
              ) : null}
              <TxStatus state={approval.state} onDismiss={approval.reset} />
            </div>
          ) : null}
        </Card>

        <Card title="Who may claim it">
          <Field label="Domain" htmlFor="domain" error={errors.domain} help="The accuracy karma the outcome updates.">
            <select
              {...wire("domain", errors, true)}
              value={values.domain}
              onChange={(e) => set("domain", e.target.value)}
            >
              <option value="">Pick a domain</option>
              {accuracy.map((d) => (
                <option key={d.id} value={d.id}>
                  {shortDimensionName(d.name)}
                </option>
              ))}
            </select>
          </Field>
          <fieldset>
            <legend>Karma requirements</legend>
            {requirementRows.length === 0 ? (
              <p className="muted small">
                Anyone registered as an agent may claim it. Add a requirement to ask for a track record.
              </p>
            ) : null}
            {requirementRows.map((r, i) => {
              const key = `requirements.${i}` as const;
              const error = errors[key];
              const known = dimensions.data?.find((d) => String(d.id) === r.dimension);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and removed by position
                <div key={i} className="requirement-row">
                  <div className={`field ${error ? "field-error" : ""}`}>
                    <label htmlFor={`${key}.dimension`}>Dimension {i + 1}</label>
                    <select
                      id={`${key}.dimension`}
                      name={key}
                      value={r.dimension}
                      aria-invalid={Boolean(error) || undefined}
                      aria-describedby={error ? `${key}-error` : undefined}
                      onChange={(e) =>
                        set(
                          "requirements",
                          requirementRows.map((x, j) => (j === i ? { ...x, dimension: e.target.value } : x)),
                        )
                      }
                    >
                      <option value="">Pick a dimension</option>
                      {(dimensions.data ?? []).map((d) => (
                        <option key={d.id} value={d.id}>
                          {shortDimensionName(d.name)} ({d.kind})
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className={`field ${error ? "field-error" : ""}`}>
                    <label htmlFor={`${key}.minimum`}>Minimum (0 to 1)</label>
                    <input
                      id={`${key}.minimum`}
                      inputMode="decimal"
                      value={r.minimum}
                      aria-invalid={Boolean(error) || undefined}
                      aria-describedby={error ? `${key}-error` : undefined}
                      placeholder={known ? karmaToNumber(known.baseline).toFixed(2) : "0.5"}
                      onChange={(e) =>
                        set(
                          "requirements",
                          requirementRows.map((x, j) => (j === i ? { ...x, minimum: e.target.value } : x)),
                        )
                      }
                    />
                  </div>
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={`Remove requirement ${i + 1}`}
                    onClick={() =>
                      set(
                        "requirements",
                        requirementRows.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                  {error ? (
                    <small id={`${key}-error`} className="error-text" role="alert" style={{ gridColumn: "1 / -1" }}>
                      {error}
                    </small>
                  ) : null}
                </div>
              );
            })}
            {requirementRows.length < LIMITS.requirements ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => set("requirements", [...requirementRows, { dimension: "", minimum: "0.5" }])}
              >
                Add a requirement
              </button>
            ) : null}
          </fieldset>
        </Card>

        <Card title="Time">
          <div className="form-grid">
            <Field
              label="Deadline"
              htmlFor="deadline"
              error={errors.deadline}
              help={`Your local time. The chain's clock reads ${new Date(clock.now * 1000).toLocaleString()}.`}
            >
              <input
                {...wire("deadline", errors, true)}
                type="datetime-local"
                value={values.deadline}
                onChange={(e) => set("deadline", e.target.value)}
              />
            </Field>
            <Field
              label="Review window (minutes)"
              htmlFor="reviewMinutes"
              error={errors.reviewMinutes}
              help={`Time to accept or dispute a result: ${p.minReviewWindow / 60} to ${(p.maxReviewWindow / 60).toLocaleString()} whole minutes.`}
            >
              <input
                {...wire("reviewMinutes", errors, true)}
                inputMode="numeric"
                value={values.reviewMinutes}
                onChange={(e) => set("reviewMinutes", e.target.value)}
              />
            </Field>
          </div>
        </Card>

        <div className="form-actions">
          <Button
            type="submit"
            busy={busy}
            disabledReason={
              guard.reason ??
              (needsApproval ? `Approve the ${token?.symbol ?? "token"} bounty first (above).` : undefined)
            }
          >
            Create task
          </Button>
          <Link href="/tasks" className="button button-secondary">
            Cancel
          </Link>
        </div>
        {submitted && Object.keys(errors).length > 0 ? (
          <p className="error-text" role="alert">
            {Object.keys(errors).length === 1
              ? "One field needs attention"
              : `${Object.keys(errors).length} fields need attention`}
            : see the messages next to them.
          </p>
        ) : null}
        <div aria-live="polite">
          {publish.phase === "publishing" ? <p className="small">Publishing the input to the gateway…</p> : null}
          {publish.phase === "published" && publish.cid ? (
            <p className="small muted">
              Input published as <code>{publish.cid}</code>.
            </p>
          ) : null}
          {publish.phase === "failed" ? (
            <p className="error-text" role="alert">
              {publish.message}
            </p>
          ) : null}
        </div>
        <TxStatus state={create.state} onDismiss={create.reset} />
      </form>
      <p className="muted small">
        Task type ids: LLM pipeline {TASK_TYPES.llm}, DCOS simulation {TASK_TYPES.dcosSimulation}. Stake: 10% of the
        bounty (the escrow's default); no delegation.
      </p>
    </div>
  );
}
