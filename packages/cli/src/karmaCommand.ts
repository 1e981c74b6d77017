/** aos karma show ADDRESS: an agent's karma vector as a table with bars, and its counters. */
import { parseArgs } from "node:util";
import { KARMA_ONE, readKarma } from "@aos/sdk";
import { formatEther, isAddress } from "viem";
import { COMMON_OPTIONS, COMMON_OPTIONS_HELP, connect, runCommand } from "./chainContext.ts";
import { CliOptionError } from "./dcosCommand.ts";
import { formatTable } from "./taskCommand.ts";

export const KARMA_SHOW_HELP = `aos karma show: an agent's karma vector and counters

Usage: aos karma show ADDRESS [--json]

  --all                   also list dimensions at zero (default: only non-zero ones, and all if every one is zero)
  --json                  print JSON
${COMMON_OPTIONS_HELP}`;

const BAR_WIDTH = 20;

/** A bar of BAR_WIDTH cells for a value in [0, 1e18], rounded to the nearest cell. */
export function karmaBar(value: bigint): string {
  const clamped = value < 0n ? 0n : value > KARMA_ONE ? KARMA_ONE : value;
  const filled = Number((clamped * BigInt(BAR_WIDTH) + KARMA_ONE / 2n) / KARMA_ONE);
  return `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
}

export async function karmaShowCommand(argv: string[]): Promise<number> {
  const label = "aos karma show";
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  const options = { ...COMMON_OPTIONS, json: { type: "boolean" }, all: { type: "boolean" } } as const;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${label}: ${(e as Error).message}\n\n${KARMA_SHOW_HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(KARMA_SHOW_HELP);
    return 0;
  }
  const { values, positionals } = parsed;
  return runCommand(label, async () => {
    const [address, ...extra] = positionals;
    if (address === undefined) throw new CliOptionError("give the agent's address: aos karma show ADDRESS");
    if (extra.length) throw new CliOptionError(`unexpected arguments: ${extra.join(" ")}`);
    if (!isAddress(address)) throw new CliOptionError(`"${address}" is not an address (0x followed by 40 hex digits)`);

    const connection = await connect(values.rpc);
    const karma = await readKarma(connection, address);
    if (values.json) {
      const out = {
        ...karma,
        dimensions: karma.dimensions.map((d) => ({ ...d, value: formatEther(d.value) })),
        totalEarnedNative: formatEther(karma.totalEarnedNative),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    const anyNonZero = karma.dimensions.some((d) => d.value > 0n);
    const shown = values.all || !anyNonZero ? karma.dimensions : karma.dimensions.filter((d) => d.value > 0n);
    const table = formatTable([
      ["ID", "DIMENSION", "KIND", "VALUE", ""],
      ...shown.map((d) => [String(d.id), d.name, d.kind, Number(formatEther(d.value)).toFixed(4), karmaBar(d.value)]),
    ]);
    const hidden = karma.dimensions.length - shown.length;
    process.stdout.write(
      `karma of ${karma.agent}\n${table}` +
        (hidden ? `(${hidden} dimensions at zero not shown; --all lists them)\n` : "") +
        `tasks completed ${karma.tasksCompleted}, failed ${karma.tasksFailed}; trust depth ${karma.trustDepth}; ` +
        `earned ${formatEther(karma.totalEarnedNative)} ETH\n`,
    );
    return 0;
  });
}
