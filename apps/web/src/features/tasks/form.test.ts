import { KARMA_ONE, NATIVE_ASSET } from "@aos/sdk";
import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import {
  buildInput,
  buildTaskParams,
  DEFAULT_VALUES,
  type FormContext,
  parseLocalDateTime,
  type TaskFormValues,
  toLocalDateTime,
  validateTaskForm,
} from "./form";

const NOW = 1_800_000_000;
const ctx: FormContext = {
  now: NOW,
  parameters: { minReviewWindow: 3600, maxReviewWindow: 30 * 86400, maxTaskDuration: 180 * 86400 },
  decimals: 18,
  symbol: "ETH",
  balance: parseEther("1"),
  dimensionNames: new Map([
    [2, "reliability.task_completion"],
    [5, "accuracy.code_review"],
    [8, "accuracy.simulation"],
  ]),
  token: "0x67d269191c92Caf3cD7723F116c85e6E9bf55933",
};

function valid(overrides: Partial<TaskFormValues> = {}): TaskFormValues {
  return {
    ...DEFAULT_VALUES,
    prompt: "Review the vault for reentrancy.",
    bounty: "0.25",
    domain: "5",
    deadline: toLocalDateTime(NOW + 3 * 86400),
    reviewMinutes: "1440",
    ...overrides,
  };
}

describe("create form validation", () => {
  it("accepts a complete LLM task", () => {
    expect(validateTaskForm(valid(), ctx)).toEqual({});
  });

  it("names an empty prompt", () => {
    expect(validateTaskForm(valid({ prompt: "   " }), ctx).prompt).toMatch(/Write the prompt/);
  });

  it.each([
    ["", /Enter the bounty in ETH/],
    ["abc", /Enter a number of ETH/],
    ["-1", /Enter a number of ETH/],
    ["0", /more than zero/],
    ["2", /You hold less than that/],
    ["0.0000000000000000001", /At most 18 decimals/],
  ])("names a bad bounty %j", (bounty, message) => {
    expect(validateTaskForm(valid({ bounty }), ctx).bounty).toMatch(message);
  });

  it("names a deadline in the past or too far ahead, by the chain's clock", () => {
    expect(validateTaskForm(valid({ deadline: toLocalDateTime(NOW - 3600) }), ctx).deadline).toMatch(/in the past/);
    expect(validateTaskForm(valid({ deadline: "" }), ctx).deadline).toMatch(/Pick the date/);
    expect(validateTaskForm(valid({ deadline: toLocalDateTime(NOW + 200 * 86400) }), ctx).deadline).toMatch(
      /at most 180 days/,
    );
  });

  it("names a review window that is not whole minutes or outside the escrow's bounds", () => {
    expect(validateTaskForm(valid({ reviewMinutes: "90.5" }), ctx).reviewMinutes).toMatch(/whole number of minutes/);
    expect(validateTaskForm(valid({ reviewMinutes: "30" }), ctx).reviewMinutes).toMatch(/Between 60 and 43,200/);
    expect(validateTaskForm(valid({ reviewMinutes: "50000" }), ctx).reviewMinutes).toMatch(/Between 60 and 43,200/);
    expect(validateTaskForm(valid({ reviewMinutes: "" }), ctx).reviewMinutes).toMatch(/in minutes/);
  });

  it("names a missing domain and bad requirements per row", () => {
    const errors = validateTaskForm(
      valid({
        domain: "",
        requirements: [
          { dimension: "2", minimum: "0.5" },
          { dimension: "2", minimum: "0.6" },
          { dimension: "5", minimum: "1.5" },
          { dimension: "", minimum: "0.5" },
        ],
      }),
      ctx,
    );
    expect(errors.domain).toMatch(/Pick the domain/);
    expect(errors["requirements.0"]).toBeUndefined();
    expect(errors["requirements.1"]).toMatch(/already required/);
    expect(errors["requirements.2"]).toMatch(/between 0 and 1/);
    expect(errors["requirements.3"]).toMatch(/Pick a dimension/);
  });

  it("checks the LLM settings against the worker's limits", () => {
    const errors = validateTaskForm(
      valid({ llmKind: "two words", maxOutputTokens: "0", budgetUsd: "5000", temperature: "3" }),
      ctx,
    );
    expect(Object.keys(errors).sort()).toEqual(["budgetUsd", "llmKind", "maxOutputTokens", "temperature"]);
  });

  it("checks a simulation's shape with the engine's own rules and the worker's size limit", () => {
    const sim = (o: Partial<TaskFormValues>) => valid({ kind: "sim", prompt: "", domain: "8", ...o });
    expect(validateTaskForm(sim({}), ctx)).toEqual({});
    expect(validateTaskForm(sim({ tilesPerCell: "2" }), ctx).tilesPerCell).toMatch(/>= 4/);
    expect(
      validateTaskForm(sim({ layers: "4", clustersPerLayer: "4", cellsPerCluster: "64", tilesPerCell: "2048" }), ctx)
        .tilesPerCell,
    ).toMatch(/2,097,152 tiles; workers accept at most 1,100,000/);
    expect(validateTaskForm(sim({ durabilityN: "40" }), ctx).durabilityN).toMatch(/number of cells/);
    expect(validateTaskForm(sim({ simHours: "0" }), ctx).simHours).toMatch(/positive/);
  });
});

describe("what the form sends", () => {
  it("builds an aos/llm-task/1 input with only the fields set", () => {
    expect(buildInput(valid({ system: "", temperature: "0.2" }), ctx)).toEqual({
      schema: "aos/llm-task/1",
      kind: "general",
      domain: "code_review",
      prompt: "Review the vault for reentrancy.",
      maxOutputTokens: 2000,
      budgetUsd: 0.5,
      temperature: 0.2,
    });
  });

  it("builds an aos/dcos-sim-task/1 input", () => {
    expect(buildInput(valid({ kind: "sim", seed: "7" }), ctx)).toEqual({
      schema: "aos/dcos-sim-task/1",
      params: {
        seed: 7,
        layers: 1,
        clustersPerLayer: 2,
        cellsPerCluster: 8,
        tilesPerCell: 64,
        simHours: 1,
        durability: { k: 4, n: 12 },
        hlc: { groupSize: 16 },
      },
    });
  });

  it("builds TaskParams: wei, whole-minute seconds, karma in 18 decimals", () => {
    const values = valid({ requirements: [{ dimension: "2", minimum: "0.5" }], kind: "sim" });
    const params = buildTaskParams(values, ctx, `0x${"ab".repeat(32)}`);
    expect(params).toMatchObject({
      token: NATIVE_ASSET,
      amount: parseEther("0.25"),
      taskType: 2,
      domain: 5,
      reviewWindow: 86_400,
      requirements: [{ dimension: 2, minimum: KARMA_ONE / 2n }],
    });
    expect(params.deadline).toBe(parseLocalDateTime(values.deadline));
    expect(buildTaskParams(valid({ asset: "token" }), ctx, `0x${"ab".repeat(32)}`).token).toBe(ctx.token);
  });
});
