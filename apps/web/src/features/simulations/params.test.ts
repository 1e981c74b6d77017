import { describe, expect, test } from "vitest";
import {
  BROWSER_MAX_TILES,
  DCOS_PRESETS,
  type DcosForm,
  dcosNodeCount,
  GOVERNANCE_SCENARIOS,
  type GovernanceForm,
  governanceFormFor,
  validateDcosForm,
  validateGovernanceForm,
} from "./params";

const quick = (DCOS_PRESETS[0] as (typeof DCOS_PRESETS)[number]).form;

function dcosErrors(over: Partial<DcosForm>) {
  const v = validateDcosForm({ ...quick, ...over });
  if (v.ok) throw new Error("expected errors");
  return v.errors;
}

function govErrors(over: Partial<GovernanceForm>) {
  const v = validateGovernanceForm({ ...governanceFormFor("normal_operation"), ...over });
  if (v.ok) throw new Error("expected errors");
  return v.errors;
}

describe("DCOS parameter form", () => {
  test("every preset is valid and its node count is the product of the levels", () => {
    for (const p of DCOS_PRESETS) {
      const v = validateDcosForm(p.form);
      expect(v.ok, p.id).toBe(true);
    }
    expect(dcosNodeCount(quick)).toBe(4 * 4 * 16 * 64);
    expect(dcosNodeCount({ ...quick, layers: "x" })).toBeNull();
    const v = validateDcosForm(quick);
    if (!v.ok) throw new Error("preset invalid");
    expect(v.params).toMatchObject({ layers: 4, tilesPerCell: 64, seed: 1, swim: { observedCells: 2 } });
    expect(v.params.thermal?.rejectionFactor).toHaveLength(4);
  });

  test("each bad field is named with its label", () => {
    expect(dcosErrors({ layers: "" }).layers).toMatch(/^Layers is required/);
    expect(dcosErrors({ layers: "1.5" }).layers).toMatch(/^Layers must be a whole number/);
    expect(dcosErrors({ tilesPerCell: "2" }).tilesPerCell).toMatch(/^Tiles per cell must be from 4/);
    expect(dcosErrors({ simHours: "0" }).simHours).toMatch(/^Simulated hours must be above 0/);
    expect(dcosErrors({ simHours: "abc" }).simHours).toMatch(/must be a number, got "abc"/);
    expect(dcosErrors({ packetLoss: "0.7" }).packetLoss).toMatch(/^Packet loss must be from 0 to 0.5/);
    expect(dcosErrors({ failureRatePerYear: "-1" }).failureRatePerYear).toMatch(/^Tile failures per tile per year/);
    expect(dcosErrors({ seed: "  " }).seed).toMatch(/^Seed is required/);
  });

  test("several bad fields are reported together, the good ones not at all", () => {
    const errors = dcosErrors({ layers: "0", cellsPerCluster: "many", radiatorDipDepth: "2" });
    expect(Object.keys(errors).sort()).toEqual(["cellsPerCluster", "layers", "radiatorDipDepth"]);
  });

  test("rules across fields name the field to change", () => {
    expect(dcosErrors({ cellsPerCluster: "1024", tilesPerCell: "4096" }).tilesPerCell).toContain(
      BROWSER_MAX_TILES.toLocaleString("en-US"),
    );
    expect(dcosErrors({ durabilityK: "60" }).durabilityK).toMatch(/must be less than n \(60\)/);
    expect(dcosErrors({ layers: "1", clustersPerLayer: "1", cellsPerCluster: "8" }).durabilityN).toMatch(
      /cannot exceed the 8 cells/,
    );
    expect(dcosErrors({ observedCells: "0" }).hlcGroupSize).toMatch(/needs at least one cell/);
    expect(dcosErrors({ hlcGroupSize: "1" }).hlcGroupSize).toMatch(/0 \(off\) or from 2/);
    expect(
      dcosErrors({
        layers: "1",
        clustersPerLayer: "1",
        cellsPerCluster: "1",
        durabilityN: "2",
        durabilityK: "1",
        observedCells: "3",
      }).observedCells,
    ).toMatch(/cannot exceed the 1 cells/);
  });

  test("a word is a valid seed, digits become a number", () => {
    const v = validateDcosForm({ ...quick, seed: "alpha" });
    expect(v.ok && v.params.seed).toBe("alpha");
  });
});

describe("governance parameter form", () => {
  test("every built-in scenario gives a valid browser preset", () => {
    for (const s of GOVERNANCE_SCENARIOS) {
      const v = validateGovernanceForm(governanceFormFor(s));
      expect(v.ok, s).toBe(true);
    }
    expect(governanceFormFor("stress_test").bots).toBe("3000");
    expect(governanceFormFor("normal_operation")).toMatchObject({
      bots: "1000",
      humans: "50",
      maliciousFraction: "0.05",
    });
  });

  test("overrides are merged into the scenario's JSON, keeping its other fields", () => {
    const v = validateGovernanceForm({
      ...governanceFormFor("security_attack"),
      bots: "400",
      maliciousFraction: "0.1",
      humans: "7",
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(v.params.scenario).toMatchObject({
      name: "security_attack",
      bots: 400,
      humans: { count: 7 },
      malicious: { fraction: 0.1 },
    });
    expect((v.params.scenario.partitions as unknown[]).length).toBeGreaterThan(0);
  });

  test("each bad field is named", () => {
    expect(govErrors({ bots: "1" }).bots).toMatch(/^Agents \(bots\) must be from 2/);
    expect(govErrors({ maliciousFraction: "1" }).maliciousFraction).toMatch(
      /^Malicious share of agents must be from 0 to 0.99/,
    );
    expect(govErrors({ humans: "-3" }).humans).toMatch(/^Verified humans/);
    expect(govErrors({ proposalLimit: "2.5" }).proposalLimit).toMatch(/whole number/);
    expect(govErrors({ durationTicks: "" }).durationTicks).toMatch(/^Ticks with new proposals is required/);
    expect(govErrors({ seed: "" }).seed).toMatch(/^Seed is required/);
    expect(govErrors({ scenario: "nope" as GovernanceForm["scenario"] }).scenario).toMatch(/^Scenario must be one of/);
  });
});
