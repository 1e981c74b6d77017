#!/usr/bin/env node
import { governanceCommand } from "../../sim/src/governance/cli.ts";
import { dcosCommand } from "./dcosCommand.ts";
import { karmaShowCommand } from "./karmaCommand.ts";
import { taskCreateCommand, taskListCommand, taskShowCommand } from "./taskCommand.ts";
import { gatewayStartCommand, verifierStartCommand, workerStartCommand, workerStatusCommand } from "./workerCommand.ts";

type Command = (argv: string[]) => Promise<number>;

/** Command groups and their commands; add a group or a command here. */
const GROUPS: Record<
  string,
  { readonly summary: string; readonly commands: Record<string, { readonly summary: string; readonly run: Command }> }
> = {
  sim: {
    summary: "simulations",
    commands: {
      dcos: { summary: "DCOS digital twin (failures, SWIM, erasure coding, thermal, HLC)", run: dcosCommand },
      governance: { summary: "governance simulator, scenario library and what-if grids", run: governanceCommand },
    },
  },
  task: {
    summary: "tasks on the escrow",
    commands: {
      create: { summary: "publish an input and create a task with its bounty", run: taskCreateCommand },
      list: { summary: "list tasks (by state, or yours)", run: taskListCommand },
      show: { summary: "a task's spec, input and result CIDs and history", run: taskShowCommand },
    },
  },
  worker: {
    summary: "agent workers that claim tasks, do them and get paid",
    commands: {
      start: { summary: "run an agent worker (BullMQ on Redis) with your key", run: workerStartCommand },
      status: { summary: "live view of a worker fleet: tasks, queues, earnings", run: workerStatusCommand },
    },
  },
  verifier: {
    summary: "re-execution of deterministic results; finalize and expire",
    commands: { start: { summary: "run a verifier (requester's key for accept/dispute)", run: verifierStartCommand } },
  },
  gateway: {
    summary: "HTTP: results and inputs by CID, health, metrics, queue dashboard",
    commands: { start: { summary: "run the gateway", run: gatewayStartCommand } },
  },
  karma: {
    summary: "reputation",
    commands: {
      show: { summary: "an agent's karma vector and counters", run: karmaShowCommand },
    },
  },
};

export function help(): string {
  const lines = ["Usage: aos <group> <command> [options]   (aos <group> <command> --help for options)", ""];
  for (const [g, group] of Object.entries(GROUPS)) {
    lines.push(`${g}: ${group.summary}`);
    for (const [c, cmd] of Object.entries(group.commands)) lines.push(`  ${`aos ${g} ${c}`.padEnd(20)} ${cmd.summary}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Errors that name a mistake in the user's input: printed without a stack, exit code 2. */
const USER_ERRORS = new Set(["UsageError", "ConfigError", "KeyNotFoundError", "KeystoreError", "CliOptionError"]);

export async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === "-h" || group === "--help" || group === "help") {
    process.stdout.write(help());
    return group === undefined ? 2 : 0;
  }
  const g = GROUPS[group];
  const cmd = g && command !== undefined ? g.commands[command] : undefined;
  if (!cmd) {
    process.stderr.write(`aos: unknown command "${[group, command].filter(Boolean).join(" ")}"\n\n${help()}`);
    return 2;
  }
  return cmd.run(rest);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // Mistakes in what the user gave (options, settings, the key) are named in one line and exit
      // 2; anything else is a failure worth its stack.
      const name = e instanceof Error ? e.name : "";
      if (USER_ERRORS.has(name)) {
        process.stderr.write(`aos: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`aos: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
