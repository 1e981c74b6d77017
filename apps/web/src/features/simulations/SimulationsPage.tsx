"use client";
/**
 * /simulations: choose a simulator and its parameters, run it in a Web Worker with a progress
 * bar and Cancel, read the results as figures and charts, download them, and reopen earlier
 * runs of this session.
 */
import { useMemo, useState } from "react";
import { Button, Card, EmptyState, Progress } from "@/components/ui";
import {
  DCOS_LABELS,
  DCOS_PRESETS,
  type DcosForm,
  dcosFieldForOption,
  dcosNodeCount,
  type FieldErrors,
  GOVERNANCE_LABELS,
  type GovernanceForm,
  governanceFieldForPath,
  governanceFormFor,
  SCENARIO_TITLES,
  type SimKind,
  validateDcosForm,
  validateGovernanceForm,
} from "./params";
import type { FinishedRun, RunState, SimError } from "./protocol";
import { RunResults, wallTime } from "./Results";
import { clearRuns, usePastRuns } from "./runStore";
import { SimulationForm } from "./SimulationForm";
import { useSimulationRunner, type WorkerFactory } from "./useSimulationRunner";
import "./simulations.css";

const firstPreset = DCOS_PRESETS[0] as (typeof DCOS_PRESETS)[number];

function simTime(seconds: number): string {
  const h = seconds / 3600;
  return h < 1 ? `${Math.round(seconds / 60)} min` : `${h.toFixed(h < 10 ? 1 : 0)} h`;
}

/** A worker error as a field error (when it names a parameter) and a message for the page. */
export function errorForForm(kind: SimKind, error: SimError): { field: string | null; message: string } {
  const field =
    error.field === null
      ? null
      : kind === "dcos"
        ? dcosFieldForOption(error.field)
        : governanceFieldForPath(error.field);
  const labels: Record<string, string> = kind === "dcos" ? DCOS_LABELS : GOVERNANCE_LABELS;
  const where = field ? ` in ${labels[field] ?? field}` : error.field ? ` in ${error.field}` : "";
  return { field, message: `${error.name}${where}: ${error.message}` };
}

function RunStatus({
  state,
  onCancel,
  totalSeconds,
}: {
  state: RunState;
  onCancel: () => void;
  totalSeconds: number | null;
}) {
  if (state.status === "running") {
    const p = state.progress;
    return (
      <Card title={`Running: ${state.label}`} className="sim-status">
        <Progress value={p.fraction} label="Simulation progress" />
        <p className="sim-progress-line" aria-live="polite">
          {p.phase === "layout" ? (
            "Simulation done; laying out the reputation network…"
          ) : (
            <>
              Simulated {simTime(p.simSeconds)}
              {totalSeconds ? ` of ${simTime(totalSeconds)}` : ""}
              {p.events !== null ? ` · ${p.events.toLocaleString("en-US")} events` : ""}
            </>
          )}
        </p>
        <Button variant="danger" onClick={onCancel}>
          Cancel
        </Button>
      </Card>
    );
  }
  if (state.status === "cancelled") {
    return (
      <p className="sim-note" role="status">
        {state.progress.fraction > 0
          ? `Cancelled after ${simTime(state.progress.simSeconds)} of simulated time (${Math.round(state.progress.fraction * 100)}%).`
          : "Cancelled before the first progress report."}{" "}
        Nothing was kept.
      </p>
    );
  }
  return null;
}

function PastRuns({
  runs,
  current,
  onOpen,
}: {
  runs: FinishedRun[];
  current: string | null;
  onOpen: (run: FinishedRun) => void;
}) {
  if (runs.length === 0) return null;
  return (
    <Card
      title="Runs in this session"
      actions={
        <button type="button" className="link-button" onClick={clearRuns}>
          Forget all
        </button>
      }
    >
      <ul className="sim-past-runs">
        {runs.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="link-button"
              onClick={() => onOpen(r)}
              aria-current={r.id === current ? "true" : undefined}
            >
              {r.label}
            </button>{" "}
            <span className="muted small">
              {new Date(r.startedAt).toLocaleTimeString()} · {wallTime(r.wallMs)}
              {r.id === current ? " · shown" : ""}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted small">Kept in memory until the page is reloaded.</p>
    </Card>
  );
}

function dcosLabel(form: DcosForm): string {
  const tiles = dcosNodeCount(form);
  return `DCOS twin, ${tiles?.toLocaleString("en-US") ?? "?"} tiles, ${form.simHours} h, seed ${form.seed.trim()}`;
}

function governanceLabel(form: GovernanceForm): string {
  return `Governance: ${SCENARIO_TITLES[form.scenario]}, ${Number(form.bots).toLocaleString("en-US")} agents, seed ${form.seed.trim()}`;
}

export function SimulationsPage({ workerFactory }: { workerFactory?: WorkerFactory } = {}) {
  const [kind, setKind] = useState<SimKind>("dcos");
  const [dcos, setDcos] = useState<DcosForm>(firstPreset.form);
  const [dcosPreset, setDcosPreset] = useState(firstPreset.id);
  const [governance, setGovernance] = useState<GovernanceForm>(() => governanceFormFor("normal_operation"));
  const [formErrors, setFormErrors] = useState<FieldErrors>({});
  const [totalSeconds, setTotalSeconds] = useState<number | null>(null);
  const { state, start, cancel, open } = useSimulationRunner(workerFactory);
  const pastRuns = usePastRuns();

  // A parameter error from the worker is shown next to its field too.
  const workerError = useMemo(() => (state.status === "error" ? errorForForm(state.kind, state.error) : null), [state]);
  const errors: FieldErrors =
    workerError?.field && state.status === "error" && state.kind === kind
      ? { ...formErrors, [workerError.field]: workerError.message }
      : formErrors;

  const onStart = () => {
    if (kind === "dcos") {
      const v = validateDcosForm(dcos);
      if (!v.ok) return setFormErrors(v.errors);
      setFormErrors({});
      setTotalSeconds(Number(dcos.simHours) * 3600);
      start({ kind: "dcos", label: dcosLabel(dcos), params: v.params });
    } else {
      const v = validateGovernanceForm(governance);
      if (!v.ok) return setFormErrors(v.errors);
      setFormErrors({});
      setTotalSeconds(Number(governance.durationTicks) * 3600);
      start({
        kind: "governance",
        label: governanceLabel(governance),
        scenario: v.params.scenario,
        seed: v.params.seed,
      });
    }
  };

  const errorCount = Object.values(errors).filter(Boolean).length;
  const shown = state.status === "done" ? state.run : null;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Simulations</h1>
          <p>
            Run the DCOS digital twin or the governance simulator in your browser. Runs are deterministic: the same
            parameters and seed give the same result.
          </p>
        </div>
      </header>
      <div className="sim-layout">
        <div className="sim-side">
          <SimulationForm
            kind={kind}
            onKind={(k) => {
              setKind(k);
              setFormErrors({});
            }}
            dcos={dcos}
            onDcos={(f) => {
              setDcos(f);
              setDcosPreset(DCOS_PRESETS.find((p) => JSON.stringify(p.form) === JSON.stringify(f))?.id ?? "custom");
            }}
            dcosPreset={dcosPreset}
            onDcosPreset={(id) => {
              const p = DCOS_PRESETS.find((x) => x.id === id);
              if (p) {
                setDcos(p.form);
                setDcosPreset(p.id);
                setFormErrors({});
              }
            }}
            governance={governance}
            onGovernance={setGovernance}
            errors={errors}
            running={state.status === "running"}
            onStart={onStart}
          />
          {errorCount > 0 && !workerError ? (
            <p className="error-text small" role="status">
              {errorCount === 1 ? "One field needs" : `${errorCount} fields need`} attention before the run can start.
            </p>
          ) : null}
          <PastRuns runs={pastRuns} current={shown?.id ?? null} onOpen={open} />
        </div>
        <div className="sim-main">
          <RunStatus state={state} onCancel={cancel} totalSeconds={totalSeconds} />
          {state.status === "error" && workerError ? (
            <div className="error-note" role="alert">
              <strong>The simulation stopped.</strong> <span>{workerError.message}</span>
            </div>
          ) : null}
          {shown ? (
            <RunResults key={shown.id} run={shown} />
          ) : state.status !== "running" ? (
            <Card>
              <EmptyState title="No results yet">
                Choose a simulator and its parameters, then Start simulation. The presets finish in a few seconds.
              </EmptyState>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
