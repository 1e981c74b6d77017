/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, otherwise one
 * line per 10% so logs of queue workers stay readable.
 */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update(fraction: number, note?: string): void; done(): void } {
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(fraction: number, note = "") {
      const f = Math.max(0, Math.min(1, fraction));
      if (tty) {
        const width = 30;
        const filled = Math.round(f * width);
        const secs = ((Date.now() - started) / 1000).toFixed(0);
        stream.write(
          `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(f * 100).toFixed(1).padStart(5)}% ${secs}s ${note}`.padEnd(
            100,
          ),
        );
      } else {
        const decile = Math.floor(f * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${decile * 10}% ${note}\n`);
        }
      }
    },
    done() {
      if (tty) stream.write("\n");
    },
  };
}
