/**
 * The simulation form: its fields, presets that finish in a few seconds in a browser, and the
 * validation that turns the text of the inputs into simulator parameters or names each bad field.
 *
 * Validation runs in two passes: the form's own rules (a number, an integer, a range that fits a
 * browser tab), then the simulator's own validation (resolveDcosParams, resolveScenario), whose
 * errors name a parameter path that is mapped back to the field that holds it.
 */
import { DcosParamError, type DcosParams, type DeepPartial, resolveDcosParams } from "@aos/sim/dcos/params.ts";
import {
  BUILT_IN_SCENARIOS,
  type BuiltInScenarioName,
  builtInScenarioJson,
  resolveScenario,
  ScenarioError,
} from "@aos/sim/governance/scenario.ts";

export type SimKind = "dcos" | "governance";

/** Errors by field name; a field missing from the map is valid. */
export type FieldErrors = Partial<Record<string, string>>;

interface NumberRule {
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  /** The lowest value is not allowed (e.g. hours must be positive). */
  exclusiveMin?: boolean;
}

// ---------------------------------------------------------------------------------------------
// DCOS digital twin
// ---------------------------------------------------------------------------------------------

export interface DcosForm {
  layers: string;
  clustersPerLayer: string;
  cellsPerCluster: string;
  tilesPerCell: string;
  simHours: string;
  seed: string;
  failureRatePerYear: string;
  cellFailureRatePerYear: string;
  clusterFailureRatePerYear: string;
  packetLoss: string;
  observedCells: string;
  durabilityK: string;
  durabilityN: string;
  hlcGroupSize: string;
  thermalEnabled: boolean;
  demandUtilization: string;
  radiatorDipsPerDay: string;
  radiatorDipDepth: string;
  thermalThreshold: string;
}

export type DcosNumberField = Exclude<keyof DcosForm, "seed" | "thermalEnabled">;

/** The largest fleet the page runs; bigger twins belong to the CLI (`npm run sim -- dcos`). */
export const BROWSER_MAX_TILES = 1 << 20;

export const DCOS_RULES: Record<DcosNumberField, NumberRule> = {
  layers: { label: "Layers", min: 1, max: 16, integer: true },
  clustersPerLayer: { label: "Clusters per layer", min: 1, max: 256, integer: true },
  cellsPerCluster: { label: "Cells per cluster", min: 1, max: 1024, integer: true },
  tilesPerCell: { label: "Tiles per cell", min: 4, max: 4096, integer: true },
  simHours: { label: "Simulated hours", min: 0, max: 168, exclusiveMin: true },
  failureRatePerYear: { label: "Tile failures per tile per year", min: 0, max: 10_000 },
  cellFailureRatePerYear: { label: "Whole-cell failures per cell per year", min: 0, max: 10_000 },
  clusterFailureRatePerYear: { label: "Whole-cluster failures per cluster per year", min: 0, max: 10_000 },
  packetLoss: { label: "Packet loss", min: 0, max: 0.5 },
  observedCells: { label: "Cells simulated message by message", min: 0, max: 64, integer: true },
  durabilityK: { label: "Erasure code k (fragments needed)", min: 1, max: 1000, integer: true },
  durabilityN: { label: "Erasure code n (fragments stored)", min: 2, max: 1000, integer: true },
  hlcGroupSize: { label: "Causal messaging group (tiles)", min: 0, max: 256, integer: true },
  demandUtilization: { label: "Mean demand (share of all tiles)", min: 0, max: 1.5 },
  radiatorDipsPerDay: { label: "Radiator dips per layer per day", min: 0, max: 100 },
  radiatorDipDepth: { label: "Radiator dip depth", min: 0, max: 0.95 },
  thermalThreshold: { label: "Thermal threshold", min: 0, max: 1, exclusiveMin: true },
};

export const DCOS_LABELS: Record<keyof DcosForm, string> = {
  ...Object.fromEntries(Object.entries(DCOS_RULES).map(([k, r]) => [k, r.label])),
  seed: "Seed",
  thermalEnabled: "Thermal model",
} as Record<keyof DcosForm, string>;

export interface Preset<F> {
  id: string;
  name: string;
  description: string;
  form: F;
}

const DCOS_QUICK: DcosForm = {
  layers: "4",
  clustersPerLayer: "4",
  cellsPerCluster: "16",
  tilesPerCell: "64",
  simHours: "12",
  seed: "1",
  failureRatePerYear: "100",
  cellFailureRatePerYear: "5",
  clusterFailureRatePerYear: "0.5",
  packetLoss: "0.01",
  observedCells: "2",
  durabilityK: "20",
  durabilityN: "60",
  hlcGroupSize: "8",
  thermalEnabled: true,
  demandUtilization: "0.72",
  radiatorDipsPerDay: "2",
  radiatorDipDepth: "0.15",
  thermalThreshold: "0.9",
};

export const DCOS_PRESETS: Preset<DcosForm>[] = [
  {
    id: "quick",
    name: "Quick look (16,384 tiles, 12 h)",
    description:
      "Failure rates raised far above the real 5% a year so that detections, cell losses and repairs show up within hours.",
    form: DCOS_QUICK,
  },
  {
    id: "fleet",
    name: "Larger fleet (131,072 tiles, 6 h)",
    description: "More cells, one of them simulated message by message; about twice the quick look's run time.",
    form: {
      ...DCOS_QUICK,
      cellsPerCluster: "32",
      tilesPerCell: "256",
      simHours: "6",
      failureRatePerYear: "20",
      observedCells: "1",
    },
  },
  {
    id: "thermal",
    name: "Thermal stress (16,384 tiles, 24 h)",
    description: "High demand and frequent, deep radiator dips: throttling and time above the threshold.",
    form: {
      ...DCOS_QUICK,
      simHours: "24",
      observedCells: "1",
      hlcGroupSize: "0",
      demandUtilization: "0.8",
      radiatorDipsPerDay: "6",
      radiatorDipDepth: "0.3",
    },
  },
];

export function dcosNodeCount(
  form: Pick<DcosForm, "layers" | "clustersPerLayer" | "cellsPerCluster" | "tilesPerCell">,
) {
  const n = [form.layers, form.clustersPerLayer, form.cellsPerCluster, form.tilesPerCell].map(Number);
  return n.every((x) => Number.isInteger(x) && x > 0) ? n.reduce((a, b) => a * b, 1) : null;
}

function checkNumber(text: string, rule: NumberRule): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { error: `${rule.label} is required.` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `${rule.label} must be a number, got "${trimmed}".` };
  if (rule.integer && !Number.isInteger(value)) return { error: `${rule.label} must be a whole number.` };
  const low = rule.exclusiveMin ? value <= rule.min : value < rule.min;
  if (low || value > rule.max) {
    const range = rule.exclusiveMin ? `above ${rule.min} and at most ${rule.max}` : `from ${rule.min} to ${rule.max}`;
    return { error: `${rule.label} must be ${range}, got ${value}.` };
  }
  return { value };
}

function parseSeed(text: string, errors: FieldErrors): number | string {
  const t = text.trim();
  if (t === "") {
    errors.seed = "Seed is required (a number or a word; the same seed gives the same run).";
    return 0;
  }
  return /^\d+$/.test(t) && Number(t) <= Number.MAX_SAFE_INTEGER ? Number(t) : t;
}

/** Which form field holds a DCOS parameter path (as DcosParamError.option names it). */
const DCOS_OPTION_FIELD: Record<string, keyof DcosForm> = {
  layers: "layers",
  clustersPerLayer: "clustersPerLayer",
  cellsPerCluster: "cellsPerCluster",
  tilesPerCell: "tilesPerCell",
  nodes: "tilesPerCell",
  simHours: "simHours",
  failureRatePerYear: "failureRatePerYear",
  cellFailureRatePerYear: "cellFailureRatePerYear",
  clusterFailureRatePerYear: "clusterFailureRatePerYear",
  "swim.packetLoss": "packetLoss",
  "swim.observedCells": "observedCells",
  durability: "durabilityK",
  "durability.n": "durabilityN",
  "hlc.groupSize": "hlcGroupSize",
  "thermal.demandUtilization": "demandUtilization",
  "thermal.threshold": "thermalThreshold",
  seed: "seed",
};

export function dcosFieldForOption(option: string): keyof DcosForm | null {
  return DCOS_OPTION_FIELD[option] ?? null;
}

export type Validated<P> = { ok: true; params: P } | { ok: false; errors: FieldErrors };

/** The form's text to DCOS parameters, or an error per bad field. */
export function validateDcosForm(form: DcosForm): Validated<DeepPartial<DcosParams>> {
  const errors: FieldErrors = {};
  const v = {} as Record<DcosNumberField, number>;
  for (const [field, rule] of Object.entries(DCOS_RULES) as [DcosNumberField, NumberRule][]) {
    const r = checkNumber(form[field], rule);
    if ("error" in r) errors[field] = r.error;
    else v[field] = r.value;
  }
  const seed = parseSeed(form.seed, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const tiles = v.layers * v.clustersPerLayer * v.cellsPerCluster * v.tilesPerCell;
  if (tiles > BROWSER_MAX_TILES) {
    errors.tilesPerCell = `The fleet has ${tiles.toLocaleString("en-US")} tiles; the browser runs at most ${BROWSER_MAX_TILES.toLocaleString("en-US")} (larger twins: npm run sim -- dcos).`;
  }
  const cells = v.layers * v.clustersPerLayer * v.cellsPerCluster;
  if (v.observedCells > cells) {
    errors.observedCells = `${DCOS_RULES.observedCells.label} cannot exceed the ${cells} cells of the fleet.`;
  }
  if (v.durabilityK >= v.durabilityN) {
    errors.durabilityK = `${DCOS_RULES.durabilityK.label} must be less than n (${v.durabilityN}).`;
  } else if (v.durabilityN > cells) {
    errors.durabilityN = `${DCOS_RULES.durabilityN.label} cannot exceed the ${cells} cells (one fragment per cell).`;
  }
  if (v.hlcGroupSize === 1 || v.hlcGroupSize > v.tilesPerCell) {
    errors.hlcGroupSize = `${DCOS_RULES.hlcGroupSize.label} must be 0 (off) or from 2 to the ${v.tilesPerCell} tiles of a cell.`;
  } else if (v.hlcGroupSize > 0 && v.observedCells === 0) {
    errors.hlcGroupSize = `${DCOS_RULES.hlcGroupSize.label} needs at least one cell simulated message by message.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const params: DeepPartial<DcosParams> = {
    seed,
    layers: v.layers,
    clustersPerLayer: v.clustersPerLayer,
    cellsPerCluster: v.cellsPerCluster,
    tilesPerCell: v.tilesPerCell,
    simHours: v.simHours,
    failureRatePerYear: v.failureRatePerYear,
    cellFailureRatePerYear: v.cellFailureRatePerYear,
    clusterFailureRatePerYear: v.clusterFailureRatePerYear,
    swim: { packetLoss: v.packetLoss, observedCells: v.observedCells },
    durability: { k: v.durabilityK, n: v.durabilityN },
    hlc: { groupSize: v.hlcGroupSize },
    thermal: {
      enabled: form.thermalEnabled,
      rejectionFactor: Array.from({ length: v.layers }, () => 0.85),
      demandUtilization: v.demandUtilization,
      radiatorDipsPerDay: v.radiatorDipsPerDay,
      radiatorDipDepth: v.radiatorDipDepth,
      threshold: v.thermalThreshold,
    },
  };
  // The simulator's own rules, named by the field that holds the parameter.
  try {
    resolveDcosParams(params);
  } catch (err) {
    if (err instanceof DcosParamError) {
      const field = dcosFieldForOption(err.option) ?? "form";
      return {
        ok: false,
        errors: { [field]: `${DCOS_LABELS[field as keyof DcosForm] ?? err.option}: ${err.message}` },
      };
    }
    throw err;
  }
  return { ok: true, params };
}

// ---------------------------------------------------------------------------------------------
// Governance
// ---------------------------------------------------------------------------------------------

export interface GovernanceForm {
  scenario: BuiltInScenarioName;
  bots: string;
  humans: string;
  maliciousFraction: string;
  proposalRate: string;
  proposalLimit: string;
  durationTicks: string;
  seed: string;
}

export type GovernanceNumberField = Exclude<keyof GovernanceForm, "scenario" | "seed">;

export const GOVERNANCE_RULES: Record<GovernanceNumberField, NumberRule> = {
  bots: { label: "Agents (bots)", min: 2, max: 20_000, integer: true },
  humans: { label: "Verified humans", min: 0, max: 100_000, integer: true },
  maliciousFraction: { label: "Malicious share of agents", min: 0, max: 0.99 },
  proposalRate: { label: "Proposals per tick", min: 0, max: 100 },
  proposalLimit: { label: "Stop after this many proposals", min: 0, max: 100_000, integer: true },
  durationTicks: { label: "Ticks with new proposals", min: 1, max: 10_000, integer: true },
};

export const GOVERNANCE_LABELS: Record<keyof GovernanceForm, string> = {
  ...Object.fromEntries(Object.entries(GOVERNANCE_RULES).map(([k, r]) => [k, r.label])),
  scenario: "Scenario",
  seed: "Seed",
} as Record<keyof GovernanceForm, string>;

export const SCENARIO_TITLES: Record<BuiltInScenarioName, string> = {
  normal_operation: "Normal operation",
  stress_test: "Stress test",
  security_attack: "Security attack",
  skill_ecosystem_growth: "Skill ecosystem growth",
};

/**
 * Browser presets: the scenarios as shipped, except the stress test, whose 10,000 bots over
 * 1,000 ticks take about 7 s of one core; the preset keeps its mix at a third of the size.
 */
const BROWSER_SCALE: Partial<Record<BuiltInScenarioName, { bots: number; durationTicks: number }>> = {
  stress_test: { bots: 3_000, durationTicks: 500 },
};

export function scenarioRaw(name: BuiltInScenarioName): Record<string, unknown> {
  return builtInScenarioJson(name) as Record<string, unknown>;
}

/** The form filled from a built-in scenario (at its browser preset size). */
export function governanceFormFor(name: BuiltInScenarioName, seed = "1"): GovernanceForm {
  const s = resolveScenario(scenarioRaw(name), `scenario ${name}`);
  const scale = BROWSER_SCALE[name];
  return {
    scenario: name,
    bots: String(scale?.bots ?? s.bots),
    humans: String(s.humans.count),
    maliciousFraction: String(s.malicious.fraction),
    proposalRate: String(s.proposalRate),
    proposalLimit: String(s.proposalLimit),
    durationTicks: String(scale?.durationTicks ?? s.durationTicks),
    seed,
  };
}

export const GOVERNANCE_SCENARIOS = BUILT_IN_SCENARIOS;

export function scenarioDescription(name: BuiltInScenarioName): string {
  const d = scenarioRaw(name).description;
  return typeof d === "string" ? d : "";
}

const SCENARIO_FIELD: Record<string, keyof GovernanceForm> = {
  bots: "bots",
  "humans.count": "humans",
  "malicious.fraction": "maliciousFraction",
  proposalRate: "proposalRate",
  proposalLimit: "proposalLimit",
  durationTicks: "durationTicks",
  name: "scenario",
};

export function governanceFieldForPath(path: string): keyof GovernanceForm | null {
  return SCENARIO_FIELD[path] ?? null;
}

export interface GovernanceRunInput {
  /** The scenario JSON: the built-in one with the form's overrides (resolved again in the worker). */
  scenario: Record<string, unknown>;
  seed: number | string;
}

export function validateGovernanceForm(form: GovernanceForm): Validated<GovernanceRunInput> {
  const errors: FieldErrors = {};
  if (!(BUILT_IN_SCENARIOS as readonly string[]).includes(form.scenario)) {
    errors.scenario = `Scenario must be one of ${BUILT_IN_SCENARIOS.join(", ")}.`;
  }
  const v = {} as Record<GovernanceNumberField, number>;
  for (const [field, rule] of Object.entries(GOVERNANCE_RULES) as [GovernanceNumberField, NumberRule][]) {
    const r = checkNumber(form[field], rule);
    if ("error" in r) errors[field] = r.error;
    else v[field] = r.value;
  }
  const seed = parseSeed(form.seed, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const raw = scenarioRaw(form.scenario);
  const scenario: Record<string, unknown> = {
    ...raw,
    bots: v.bots,
    durationTicks: v.durationTicks,
    proposalRate: v.proposalRate,
    proposalLimit: v.proposalLimit,
    humans: { ...((raw.humans as object | undefined) ?? {}), count: v.humans },
    malicious: { ...((raw.malicious as object | undefined) ?? {}), fraction: v.maliciousFraction },
  };
  try {
    resolveScenario(scenario, `scenario ${form.scenario}`);
  } catch (err) {
    if (err instanceof ScenarioError) {
      const field = governanceFieldForPath(err.field) ?? "form";
      return { ok: false, errors: { [field]: err.message } };
    }
    throw err;
  }
  return { ok: true, params: { scenario, seed } };
}
