/**
 * Structured logs (pino, one JSON object per line). Secrets never reach a log line: fields that
 * could hold one are redacted by path.
 */
import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(options: { level: string; name: string; file?: string }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid, component: options.name },
      redact: {
        // Two levels deep: log calls put secrets at most one object down (`{ wallet: { key } }`).
        paths: ["key", "privateKey", "password", "apiKey"].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
        censor: "[secret]",
      },
    },
    options.file ? pino.destination({ dest: options.file, mkdir: true, sync: false }) : pino.destination(1),
  );
}
