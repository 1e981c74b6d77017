/**
 * `aos sim governance`: runs a scenario (built-in or from a file), optionally over a
 * parameter grid and several seeds, prints progress on stderr and a summary table on
 * stdout, and writes JSON (with chart data) and CSV (one row per grid point).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BUILT_IN_SCENARIOS, loadScenario, type ResolvedScenario, ScenarioError } from "./scenario.ts";
import { loadScenarioFile } from "./scenarioFile.ts";
import {
  applyGridPoint,
  type GridAxis,
  GridSpecError,
  type MetricName,
  parseGridAxis,
  runWhatIf,
  type WhatIfResult,
  whatIfToCsv,
} from "./whatIf.ts";

export const GOVERNANCE_HELP = `Usage: aos sim governance [options]

Runs the governance simulator: bots propose and vote with reputation weights and
liquid delegation under the shared governance parameters (packages/params), through
the timelock and human veto, with the malicious strategies of the scenario.

Options:
  --scenario NAME        built-in scenario (default normal_operation):
                         ${BUILT_IN_SCENARIOS.join(", ")}
  --scenario-file FILE   a JSON scenario, merged over the defaults and validated
  --seed N               base seed (default 1); seed k of a grid point is N+k
  --seeds N              Monte Carlo runs per grid point (default 1)
  --grid KEY=V1,V2,...   a what-if axis over a scenario field, repeatable, e.g.
                         --grid governance.voting.quorumBps=4000,6667
                         --grid malicious.fraction=0.1,0.3
  --ticks N              shorthand for --grid durationTicks=N (shorter runs)
  --json FILE            write the results (per run metrics, 95% CIs, chart data)
  --csv FILE             write one row per grid point (mean, ci_low, ci_high)
  --list                 list the built-in scenarios and exit
  --quiet                no progress output
  -h, --help             show this help

Exit status: 0 on success, 2 on a bad option or scenario, 1 on any other error.
`;

const TABLE_METRICS: [MetricName, string, number][] = [
  ["proposals", "proposals", 0],
  ["executed", "executed", 0],
  ["decisionLatencyP50Hours", "lat_p50_h", 1],
  ["decisionLatencyP99Hours", "lat_p99_h", 1],
  ["timeToConsensusP50Hours", "consensus_h", 2],
  ["incidentsDetected", "incidents", 0],
  ["reputationAuc", "rep_auc", 3],
  ["safetyViolations", "safety_viol", 2],
  ["livenessLost", "liveness_lost", 1],
  ["maxMaliciousWeightShare", "max_mal_share", 3],
];

class UsageError extends Error {
  override name = "UsageError";
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^-?[0-9]+$/.test(raw)) throw new UsageError(`option --${name} must be an integer, got ${JSON.stringify(raw)}`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min)
    throw new UsageError(`option --${name} must be an integer >= ${min}, got ${raw}`);
  return v;
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "-";
}

/** The summary table: one row per grid point, mean ± 95% CI half-width when seeds > 1. */
export function formatSummaryTable(result: WhatIfResult): string {
  const keys = result.grid.map((a) => a.key);
  const header = ["point", ...keys, ...TABLE_METRICS.map(([, label]) => label)];
  const rows: string[][] = [header];
  for (const p of result.points) {
    const row = [String(p.index), ...keys.map((k) => String(p.params[k]))];
    for (const [name, , digits] of TABLE_METRICS) {
      const s = p.metrics[name];
      const half = (s.ciHigh - s.ciLow) / 2;
      row.push(s.n > 1 && Number.isFinite(half) ? `${fmt(s.mean, digits)}±${fmt(half, digits)}` : fmt(s.mean, digits));
    }
    rows.push(row);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  return `${out.join("\n")}\n`;
}

function progressReporter(quiet: boolean): (fraction: number, label: string) => void {
  if (quiet) return () => {};
  const tty = process.stderr.isTTY === true;
  let lastPercent = -1;
  return (fraction, label) => {
    const percent = Math.min(100, Math.floor(fraction * 100));
    if (tty) {
      if (percent === lastPercent) return;
      lastPercent = percent;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}% ${label}\x1b[K`,
      );
      if (percent === 100) process.stderr.write("\n");
    } else {
      const step = Math.floor(percent / 10) * 10;
      if (step <= lastPercent) return;
      lastPercent = step;
      process.stderr.write(`progress ${step}% ${label}\n`);
    }
  };
}

export async function governanceCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(argv);
  } catch (err) {
    process.stderr.write(
      `aos sim governance: ${describeParseError(err)}\nRun "aos sim governance --help" for usage.\n`,
    );
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(GOVERNANCE_HELP);
    return 0;
  }
  if (values.list === true) {
    for (const name of BUILT_IN_SCENARIOS) {
      process.stdout.write(`${name.padEnd(24)} ${loadScenario(name).description}\n`);
    }
    return 0;
  }
  let scenario: ResolvedScenario;
  let seed: number;
  let seeds: number;
  const grid: GridAxis[] = [];
  try {
    if (values.scenario !== undefined && values["scenario-file"] !== undefined) {
      throw new UsageError("options --scenario and --scenario-file cannot be used together");
    }
    if (values.scenario !== undefined && !(BUILT_IN_SCENARIOS as readonly string[]).includes(values.scenario)) {
      throw new UsageError(
        `option --scenario: unknown scenario ${JSON.stringify(values.scenario)} (known: ${BUILT_IN_SCENARIOS.join(", ")})`,
      );
    }
    scenario =
      values["scenario-file"] !== undefined
        ? loadScenarioFile(values["scenario-file"])
        : loadScenario(values.scenario ?? "normal_operation");
    seed = parsePositiveInt("seed", values.seed, 1, 0);
    seeds = parsePositiveInt("seeds", values.seeds, 1, 1);
    if (values.ticks !== undefined) {
      grid.push({ key: "durationTicks", values: [parsePositiveInt("ticks", values.ticks, 1, 1)] });
    }
    for (const spec of values.grid ?? []) grid.push(parseGridAxis(spec));
    // Validate every grid point before the first run, so a typo fails at once.
    for (const axis of grid) for (const v of axis.values) applyGridPoint(scenario, { [axis.key]: v });
  } catch (err) {
    if (err instanceof UsageError || err instanceof ScenarioError || err instanceof GridSpecError) {
      process.stderr.write(`aos sim governance: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const quiet = values.quiet === true;
  const points = grid.reduce((n, a) => n * a.values.length, 1);
  if (!quiet) {
    process.stderr.write(`scenario ${scenario.name}: ${points} grid point(s) x ${seeds} seed(s), base seed ${seed}\n`);
  }
  let result: WhatIfResult;
  try {
    result = await runWhatIf({
      scenario,
      grid,
      seeds,
      baseSeed: seed,
      charts: values.json !== undefined,
      onProgress: progressReporter(quiet),
    });
  } catch (err) {
    process.stderr.write(`aos sim governance: run failed: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(formatSummaryTable(result));
  if (!quiet) {
    process.stderr.write(`${result.points.length * seeds} run(s) in ${result.wallSeconds.toFixed(2)} s\n`);
  }
  try {
    if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, jsonReplacer)}\n`);
    if (values.csv !== undefined) writeFileSync(values.csv, whatIfToCsv(result));
  } catch (err) {
    process.stderr.write(`aos sim governance: could not write output: ${(err as Error).message}\n`);
    return 1;
  }
  return 0;
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: "boolean", short: "h" },
      list: { type: "boolean" },
      scenario: { type: "string" },
      "scenario-file": { type: "string" },
      seed: { type: "string" },
      seeds: { type: "string" },
      grid: { type: "string", multiple: true },
      ticks: { type: "string" },
      json: { type: "string" },
      csv: { type: "string" },
      quiet: { type: "boolean" },
    },
  }).values;
}

function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  // node:util messages already name the option ("Unknown option '--foo'", "Option '--seed <value>' argument missing").
  return message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.$/, "");
}

/** JSON has no Infinity or NaN: write null for them. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}
