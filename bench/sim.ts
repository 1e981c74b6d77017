/**
 * Simulation benchmark: `npm run bench:sim`.
 * Prints a table, then the four result lines last. Progress goes to stderr.
 * BENCH_DCOS_HOURS shortens the million-tile run (default 24 simulated hours).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DcosTwin } from "../packages/sim/src/dcos/twin.ts";
import { Simulator } from "../packages/sim/src/engine/simulator.ts";

const MILLION = 1_048_576;
const log = (s: string) => process.stderr.write(`${s}\n`);

function benchEvents(): number {
  const pending = 1_000_000;
  const sim = new Simulator(1, 1 << 21);
  const rng = sim.rng;
  const mean = pending; // hold model: each event reschedules itself, the queue stays at 10^6
  sim.setModel({
    handleEvent(s, type, target, arg) {
      s.schedule(rng.exponential(mean), type, target, arg + 1);
    },
  });
  for (let i = 0; i < pending; i++) sim.schedule(rng.exponential(mean), 1, i, 0);
  sim.runFor({ maxEvents: 1_000_000 }); // warm-up
  const n = 6_000_000;
  const t0 = performance.now();
  sim.runFor({ maxEvents: n });
  const secs = (performance.now() - t0) / 1000;
  if (sim.queue.size !== pending) throw new Error("hold model lost events");
  return n / secs;
}

/** Runs in a child with --expose-gc so the measurement starts from a collected heap. */
function childMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  gc();
  const before = process.memoryUsage();
  const twin = new DcosTwin({ seed: 1 });
  gc();
  const after = process.memoryUsage();
  const rss = after.rss - before.rss;
  const heap = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  process.stdout.write(JSON.stringify({ nodes: twin.nodes, rss, heap, arrays: twin.stateBytesPerNode }));
}

function benchMemory(): { perNode: number; rssPerNode: number; heapPerNode: number; arraysPerNode: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--expose-gc", self, "--child-memory"], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as { nodes: number; rss: number; heap: number; arrays: number };
  const rssPerNode = m.rss / m.nodes;
  const heapPerNode = m.heap / m.nodes;
  return { perNode: Math.max(rssPerNode, heapPerNode), rssPerNode, heapPerNode, arraysPerNode: m.arrays };
}

function benchDcos(hours: number): { hoursPerMinute: number; wall: number; events: number } {
  const twin = new DcosTwin({ seed: 1, simHours: hours });
  if (twin.nodes !== MILLION) throw new Error(`expected ${MILLION} tiles`);
  const end = hours * 3600;
  const t0 = performance.now();
  const slices = 48;
  for (let i = 1; i <= slices; i++) {
    twin.runFor({ untilSeconds: (end * i) / slices });
    const wall = (performance.now() - t0) / 1000;
    log(
      `  dcos 1M: ${((100 * i) / slices).toFixed(0)}%  sim ${((end * i) / slices / 3600).toFixed(2)} h  wall ${wall.toFixed(0)} s  ${(twin.sim.processed / 1e6).toFixed(1)}M events`,
    );
  }
  const wall = (performance.now() - t0) / 1000;
  return { hoursPerMinute: hours / (wall / 60), wall, events: twin.sim.processed };
}

async function benchGovernance(): Promise<number | null> {
  try {
    const mod = (await import("../packages/sim/src/governance/bench.ts")) as {
      runGovernanceBenchmark?: () => Promise<{ seconds: number }>;
    };
    if (!mod.runGovernanceBenchmark) return null;
    return (await mod.runGovernanceBenchmark()).seconds;
  } catch (e) {
    log(`  governance benchmark unavailable: ${(e as Error).message}`);
    return null;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--child-memory")) {
    childMemory();
    return;
  }
  const hours = Number(process.env.BENCH_DCOS_HOURS ?? 24);
  log("bench: discrete-event core, 10^6 pending events ...");
  const eps = benchEvents();
  log("bench: memory of a 1,048,576-tile twin ...");
  const mem = benchMemory();
  log(`bench: 1,048,576-tile twin for ${hours} simulated hours ...`);
  const dcos = benchDcos(hours);
  log("bench: governance, 10,000 bots and 1,000 proposals ...");
  const gov = await benchGovernance();
  const rows: [string, string, string][] = [
    ["events/s, 10^6 pending (hold model)", Math.round(eps).toLocaleString("en-US"), ">= 2,000,000"],
    ["DCOS bytes/tile, max(RSS, heap+arrayBuffers) delta", mem.perNode.toFixed(1), "<= 256"],
    ["  RSS delta / tile", mem.rssPerNode.toFixed(1), ""],
    ["  heap + arrayBuffers delta / tile", mem.heapPerNode.toFixed(1), ""],
    ["  typed-array state / tile", mem.arraysPerNode.toFixed(1), ""],
    [`DCOS 1M: ${hours} sim h wall seconds`, dcos.wall.toFixed(1), ""],
    ["DCOS 1M: events", dcos.events.toLocaleString("en-US"), ""],
    ["DCOS 1M: sim hours per wall minute", dcos.hoursPerMinute.toFixed(2), ">= 0.8"],
    ["governance 10k bots x 1k proposals, s", gov === null ? "NA" : gov.toFixed(2), "<= 60"],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(`${"case".padEnd(w0)}  ${"value".padStart(w1)}  target\n`);
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
  process.stdout.write(`events_per_sec=${Math.round(eps)}\n`);
  process.stdout.write(`dcos_bytes_per_node=${Math.round(mem.perNode)}\n`);
  process.stdout.write(`dcos_1m_sim_hours_per_wall_minute=${dcos.hoursPerMinute.toFixed(2)}\n`);
  process.stdout.write(`gov_10k_seconds_per_run=${gov === null ? "NA" : gov.toFixed(2)}\n`);
}

await main();
