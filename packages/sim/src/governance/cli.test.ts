import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { governanceCommand } from "./cli.ts";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await governanceCommand(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe("aos sim governance", () => {
  test("--help prints usage and exits 0", async () => {
    const r = await run(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: aos sim governance/);
    assert.match(r.stdout, /--scenario-file/);
  });

  test("--list names the built-in scenarios", async () => {
    const r = await run(["--list"]);
    assert.equal(r.code, 0);
    for (const name of ["normal_operation", "stress_test", "security_attack", "skill_ecosystem_growth"]) {
      assert.match(r.stdout, new RegExp(name));
    }
  });

  test("bad options exit 2 with a message naming the option", async () => {
    const cases: [string[], RegExp][] = [
      [["--bogus"], /--bogus/],
      [["--seeds", "zero"], /--seeds/],
      [["--seeds", "0"], /--seeds/],
      [["--seed"], /--seed/],
      [["--scenario", "nope"], /--scenario.*nope/],
      [["--grid", "quorum"], /--grid/],
      [["--grid", "governance.voting.quorumBps=0"], /governance\.voting\.quorumBps/],
      [["--scenario", "stress_test", "--scenario-file", "x.json"], /--scenario-file/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.stderr, pattern);
    }
  });

  test("a bad scenario file exits 2 naming the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gov-cli-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ humans: { count: -1 } }));
    const r = await run(["--scenario-file", file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /humans\.count/);
  });

  test("runs a grid, prints the summary table, writes JSON and CSV, percent lines when not a TTY", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gov-cli-"));
    const scenario = join(dir, "tiny.json");
    writeFileSync(scenario, JSON.stringify({ name: "tiny", bots: 150, durationTicks: 80, proposalRate: 0.3 }));
    const json = join(dir, "out.json");
    const csv = join(dir, "out.csv");
    const r = await run([
      "--scenario-file",
      scenario,
      "--seeds",
      "2",
      "--grid",
      "malicious.fraction=0,0.2",
      "--json",
      json,
      "--csv",
      csv,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /point\s+malicious\.fraction\s+proposals/);
    const rows = r.stdout.split("\n").filter((line) => /^\s+[01]\s+(0|0\.2)\s+\d/.test(line));
    assert.equal(rows.length, 2, r.stdout);
    assert.match(r.stderr, /progress 100%/);
    assert.ok(existsSync(json) && existsSync(csv));
    const parsed = JSON.parse(readFileSync(json, "utf8"));
    assert.equal(parsed.points.length, 2);
    const charts = parsed.points[0].charts;
    assert.ok(Array.isArray(charts.decisionFlow));
    assert.ok(Array.isArray(charts.reputationNetwork.edges));
    assert.ok(Array.isArray(charts.incidents.timeline));
    assert.equal(readFileSync(csv, "utf8").trim().split("\n").length, 3);
  });
});
