import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { DcosResult } from "../../sim/src/dcos/index.ts";
import { DcosParamError, dcosResultToCsv, runDcos } from "../../sim/src/dcos/index.ts";
import { createProgress } from "./progress.ts";

export const DCOS_HELP = `aos sim dcos: run the DCOS digital twin

Usage: aos sim dcos [options]

Fleet
  --layers N              layers (default 4)
  --clusters N            clusters per layer (default 4)
  --cells N               cells per cluster (default 64)
  --tiles N               tiles per cell (default 1024); default fleet = 1,048,576 tiles
Run
  --seed S                seed, number or string (default 1)
  --hours H               simulated hours (default 24)
  --failure-rate R        independent hard failures per tile per year (default 0.05)
  --cell-failure-rate R   whole-cell failures per cell per year (default 0.01)
  --cluster-failure-rate R  whole-cluster failures per cluster per year (default 0.001)
  --packet-loss P         SWIM message loss probability (default 0.01)
  --observed-cells N      cells simulated message by message (default 1)
  --k N --n N             erasure code (default 20 of 60)
  --params FILE           JSON file of further parameters (DcosParams shape)
Output
  --json FILE             write the full result (summary + series) as JSON
  --csv FILE              write the series (thermal heatmap, detection histogram, incidents) as CSV
  --quiet                 no progress
  -h, --help              this help
`;

/** Thrown for a bad command-line option; the message names it. */
export class CliOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliOptionError";
  }
}

function num(values: Record<string, unknown>, name: string, integer: boolean): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x)))
    throw new CliOptionError(`--${name}: expected ${integer ? "an integer" : "a number"}, got "${String(raw)}"`);
  return x;
}

export async function dcosCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        quiet: { type: "boolean" },
        seed: { type: "string" },
        layers: { type: "string" },
        clusters: { type: "string" },
        cells: { type: "string" },
        tiles: { type: "string" },
        hours: { type: "string" },
        "failure-rate": { type: "string" },
        "cell-failure-rate": { type: "string" },
        "cluster-failure-rate": { type: "string" },
        "packet-loss": { type: "string" },
        "observed-cells": { type: "string" },
        k: { type: "string" },
        n: { type: "string" },
        params: { type: "string" },
        json: { type: "string" },
        csv: { type: "string" },
      },
    });
  } catch (e) {
    process.stderr.write(`aos sim dcos: ${(e as Error).message}\n\n${DCOS_HELP}`);
    return 2;
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(DCOS_HELP);
    return 0;
  }
  let result: DcosResult;
  try {
    const fromFile =
      typeof v.params === "string"
        ? JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(v.params as string, "utf8")))
        : {};
    const seedRaw = v.seed as string | undefined;
    const params = {
      ...fromFile,
      ...(seedRaw !== undefined ? { seed: /^\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw } : {}),
      ...defined({
        layers: num(v, "layers", true),
        clustersPerLayer: num(v, "clusters", true),
        cellsPerCluster: num(v, "cells", true),
        tilesPerCell: num(v, "tiles", true),
        simHours: num(v, "hours", false),
        failureRatePerYear: num(v, "failure-rate", false),
        cellFailureRatePerYear: num(v, "cell-failure-rate", false),
        clusterFailureRatePerYear: num(v, "cluster-failure-rate", false),
      }),
      swim: {
        ...(fromFile.swim ?? {}),
        ...defined({ packetLoss: num(v, "packet-loss", false), observedCells: num(v, "observed-cells", true) }),
      },
      durability: { ...(fromFile.durability ?? {}), ...defined({ k: num(v, "k", true), n: num(v, "n", true) }) },
    };
    const progress = v.quiet ? null : createProgress("dcos");
    const started = performance.now();
    result = runDcos(params, {
      onProgress: (f, t, ev) => progress?.update(f, `sim ${(t / 3600).toFixed(2)} h, ${(ev / 1e6).toFixed(1)}M events`),
    });
    progress?.done();
    const wall = (performance.now() - started) / 1000;
    process.stdout.write(formatDcosSummary(result, wall));
  } catch (e) {
    if (e instanceof CliOptionError) {
      process.stderr.write(`aos sim dcos: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DcosParamError) {
      process.stderr.write(`aos sim dcos: bad parameter ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (typeof v.json === "string") writeFileSync(v.json, JSON.stringify(result));
  if (typeof v.csv === "string") writeFileSync(v.csv, dcosResultToCsv(result));
  return 0;
}

function defined(o: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) if (x !== undefined) out[k] = x;
  return out;
}

const fmt = (x: number | null, digits = 3) =>
  x === null ? "n/a" : Number.isInteger(x) ? x.toLocaleString("en-US") : x.toPrecision(digits);

export function formatDcosSummary(r: DcosResult, wallSeconds: number): string {
  const s = r.summary;
  const rows: [string, string][] = [
    ["tiles", fmt(s.nodes)],
    ["simulated hours", fmt(s.simSeconds / 3600, 4)],
    ["wall seconds", fmt(wallSeconds, 4)],
    ["events", fmt(s.events)],
    ["state bytes / tile", fmt(s.stateBytesPerNode)],
    [
      "failures (independent / cells / clusters)",
      `${s.failures.independent} / ${s.failures.cellEvents} / ${s.failures.clusterEvents}`,
    ],
    [
      "SWIM first detection, observed (s)",
      `${fmt(s.swim.observed.firstDetectionMeanSeconds)} (n=${s.swim.observed.samples}, theory ${fmt(s.swim.theoryFirstDetectionSeconds)})`,
    ],
    [
      "SWIM first detection, aggregate (s)",
      `${fmt(s.swim.aggregate.firstDetectionMeanSeconds)} (n=${s.swim.aggregate.samples})`,
    ],
    [
      "everyone knows, observed / aggregate (s)",
      `${fmt(s.swim.observed.everyoneKnowsMeanSeconds)} / ${fmt(s.swim.aggregate.everyoneKnowsMeanSeconds)}`,
    ],
    [
      "false suspicions / false positives (observed)",
      `${s.swim.observed.falseSuspicions} / ${s.swim.observed.falsePositives}`,
    ],
    ["stripes lost (analytic expected)", `${s.durability.stripesLost} (${fmt(s.durability.analyticExpectedLost)})`],
    ["fragments repaired", fmt(s.durability.fragmentsRepaired)],
    [
      "thermal hours above threshold by layer",
      s.thermal ? s.thermal.hoursAboveThreshold.map((h) => h.toFixed(2)).join(" ") : "off",
    ],
    ["thermal max load by layer", s.thermal ? s.thermal.maxLoad.map((h) => h.toFixed(3)).join(" ") : "off"],
    [
      "causal violations (HLC)",
      s.causal ? `${s.causal.causalViolations} in ${fmt(s.causal.deliveries)} deliveries` : "off",
    ],
    [
      "traffic within cell / cluster / layer",
      `${(s.locality.withinCell * 100).toFixed(4)}% / ${(s.locality.withinCluster * 100).toFixed(4)}% / ${(s.locality.withinLayer * 100).toFixed(4)}%`,
    ],
    ["OS overhead share of capacity", `${(s.overhead.share * 100).toFixed(4)}%`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, x]) => `${k.padEnd(w)}  ${x}`).join("\n")}\n`;
}
