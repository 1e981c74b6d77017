import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

const aos = path.join(import.meta.dirname, "aos.ts");
const run = (...args: string[]) => spawnSync(process.execPath, [aos, ...args], { encoding: "utf8", timeout: 120_000 });

describe("the aos command", () => {
  it("prints help and exits 0 with --help", () => {
    const result = run("--help");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /aos sim dcos/);
    assert.match(result.stdout, /aos sim governance/);
  });

  it("rejects an unknown command with exit code 2 and names it", () => {
    const result = run("bogus");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command "bogus"/);
  });

  it("rejects a bad option value, naming the option", () => {
    const result = run("sim", "dcos", "--tiles", "abc");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--tiles/);
  });

  it("runs a small governance scenario and writes its JSON", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "aos-cli-"));
    const out = path.join(dir, "gov.json");
    const result = run("sim", "governance", "--scenario", "normal_operation", "--seed", "3", "--json", out, "--quiet");
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    assert.ok(Object.keys(json).length > 0);
  });
});
