"use client";
/** The labelled parameter form of both simulators, with presets and errors named per field. */
import type { FormEvent, ReactNode } from "react";
import { Button, Field } from "@/components/ui";
import {
  DCOS_PRESETS,
  DCOS_RULES,
  type DcosForm,
  type DcosNumberField,
  dcosNodeCount,
  type FieldErrors,
  GOVERNANCE_RULES,
  GOVERNANCE_SCENARIOS,
  type GovernanceForm,
  type GovernanceNumberField,
  governanceFormFor,
  SCENARIO_TITLES,
  type SimKind,
  scenarioDescription,
} from "./params";

export interface SimulationFormProps {
  kind: SimKind;
  onKind: (kind: SimKind) => void;
  dcos: DcosForm;
  onDcos: (form: DcosForm) => void;
  dcosPreset: string;
  onDcosPreset: (id: string) => void;
  governance: GovernanceForm;
  onGovernance: (form: GovernanceForm) => void;
  errors: FieldErrors;
  running: boolean;
  onStart: () => void;
}

const HELP: Partial<Record<DcosNumberField | GovernanceNumberField, string>> = {
  simHours: "Simulated time, not wall time.",
  failureRatePerYear: "Independent hard failures; the real figure is about 0.05.",
  observedCells: "SWIM message by message (costly); other cells are sampled analytically.",
  hlcGroupSize: "Tiles of the first observed cell exchanging causal broadcasts; 0 turns it off.",
  demandUtilization: "With a daily swing of ±10%.",
  radiatorDipDepth: "Share of a layer's heat rejection lost during a dip.",
  thermalThreshold: "Load above which the scheduler throttles.",
  maliciousFraction: "From 0 to 0.99; the scenario's mix of strategies is kept.",
  proposalLimit: "0: no limit.",
  durationTicks: "One tick is one simulated hour; open proposals then run to their end.",
};

function NumberField<F extends string>({
  field,
  label,
  value,
  onChange,
  error,
}: {
  field: F;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = `sim-${field}`;
  const help = HELP[field as DcosNumberField];
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Field label={label} htmlFor={id} help={help} error={error}>
      <input
        id={id}
        name={field}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </Field>
  );
}

function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="sim-group">
      <legend>{legend}</legend>
      <div className="sim-fields">{children}</div>
    </fieldset>
  );
}

export function SimulationForm(props: SimulationFormProps) {
  const { kind, onKind, dcos, onDcos, governance, onGovernance, errors, running, onStart } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!running) onStart();
  };
  const dnum = (field: DcosNumberField) => (
    <NumberField
      key={field}
      field={field}
      label={DCOS_RULES[field].label}
      value={dcos[field]}
      onChange={(value) => onDcos({ ...dcos, [field]: value })}
      error={errors[field]}
    />
  );
  const gnum = (field: GovernanceNumberField) => (
    <NumberField
      key={field}
      field={field}
      label={GOVERNANCE_RULES[field].label}
      value={governance[field]}
      onChange={(value) => onGovernance({ ...governance, [field]: value })}
      error={errors[field]}
    />
  );
  const tiles = dcosNodeCount(dcos);
  const preset = DCOS_PRESETS.find((p) => p.id === props.dcosPreset);

  return (
    <form className="card sim-form" onSubmit={submit} aria-label="Simulation parameters" noValidate>
      <fieldset className="sim-kind">
        <legend>Simulator</legend>
        <label className={`sim-kind-option ${kind === "dcos" ? "selected" : ""}`}>
          <input type="radio" name="sim-kind" value="dcos" checked={kind === "dcos"} onChange={() => onKind("dcos")} />
          <span>
            <strong>DCOS digital twin</strong>
            <span className="muted small">Tiles failing and being detected, data repaired, heat throttled.</span>
          </span>
        </label>
        <label className={`sim-kind-option ${kind === "governance" ? "selected" : ""}`}>
          <input
            type="radio"
            name="sim-kind"
            value="governance"
            checked={kind === "governance"}
            onChange={() => onKind("governance")}
          />
          <span>
            <strong>Governance</strong>
            <span className="muted small">Agents propose, vote and delegate; humans veto; attackers try.</span>
          </span>
        </label>
      </fieldset>

      {kind === "dcos" ? (
        <>
          <Field label="Preset" htmlFor="sim-dcos-preset" help={preset?.description}>
            <select id="sim-dcos-preset" value={props.dcosPreset} onChange={(e) => props.onDcosPreset(e.target.value)}>
              {DCOS_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
              {preset ? null : <option value="custom">Custom</option>}
            </select>
          </Field>
          <Group legend="Fleet">
            {dnum("layers")}
            {dnum("clustersPerLayer")}
            {dnum("cellsPerCluster")}
            {dnum("tilesPerCell")}
            <output
              className="sim-node-count"
              htmlFor="sim-layers sim-clustersPerLayer sim-cellsPerCluster sim-tilesPerCell"
              aria-live="polite"
            >
              {tiles === null ? "Fleet size: –" : `= ${tiles.toLocaleString("en-US")} tiles (nodes)`}
            </output>
          </Group>
          <Group legend="Run">
            {dnum("simHours")}
            <NumberField
              field="seed"
              label="Seed"
              value={dcos.seed}
              onChange={(seed) => onDcos({ ...dcos, seed })}
              error={errors.seed}
            />
            {dnum("observedCells")}
            {dnum("hlcGroupSize")}
          </Group>
          <Group legend="Failures and storage">
            {dnum("failureRatePerYear")}
            {dnum("cellFailureRatePerYear")}
            {dnum("clusterFailureRatePerYear")}
            {dnum("packetLoss")}
            {dnum("durabilityK")}
            {dnum("durabilityN")}
          </Group>
          <Group legend="Thermal">
            <div className="field sim-checkbox">
              <label htmlFor="sim-thermalEnabled">
                <input
                  id="sim-thermalEnabled"
                  type="checkbox"
                  checked={dcos.thermalEnabled}
                  onChange={(e) => onDcos({ ...dcos, thermalEnabled: e.target.checked })}
                />{" "}
                Simulate heat and throttling
              </label>
            </div>
            {dnum("demandUtilization")}
            {dnum("radiatorDipsPerDay")}
            {dnum("radiatorDipDepth")}
            {dnum("thermalThreshold")}
          </Group>
        </>
      ) : (
        <>
          <Field
            label="Scenario"
            htmlFor="sim-scenario"
            help={scenarioDescription(governance.scenario)}
            error={errors.scenario}
          >
            <select
              id="sim-scenario"
              value={governance.scenario}
              onChange={(e) =>
                onGovernance(governanceFormFor(e.target.value as GovernanceForm["scenario"], governance.seed))
              }
            >
              {GOVERNANCE_SCENARIOS.map((s) => (
                <option key={s} value={s}>
                  {SCENARIO_TITLES[s]}
                </option>
              ))}
            </select>
          </Field>
          <Group legend="Population">
            {gnum("bots")}
            {gnum("maliciousFraction")}
            {gnum("humans")}
          </Group>
          <Group legend="Run">
            {gnum("durationTicks")}
            {gnum("proposalRate")}
            {gnum("proposalLimit")}
            <NumberField
              field="seed"
              label="Seed"
              value={governance.seed}
              onChange={(seed) => onGovernance({ ...governance, seed })}
              error={errors.seed}
            />
          </Group>
        </>
      )}
      {errors.form ? (
        <p className="error-text" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="sim-actions">
        <Button type="submit" disabledReason={running ? "A simulation is running: cancel it or wait." : null}>
          Start simulation
        </Button>
      </div>
    </form>
  );
}
