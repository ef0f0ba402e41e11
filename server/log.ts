import { pino, type Logger as PinoLogger } from "pino";
import type { Logger } from "./domain/deps.ts";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * Fields that must never reach a log line whatever level it is written at: credentials, and what people wrote
 * (message bodies, bot prompts). Redacted by key, at the top level and one level down (`{ input: { body } }`).
 */
const secretKeys = [
  "password",
  "token",
  "visitorToken",
  "sessionToken",
  "secret",
  "sessionSecret",
  "apiKey",
  "authorization",
  "cookie",
  "body",
  "text",
  "prompt",
];
export const redactedPaths = secretKeys.flatMap((key) => [key, `*.${key}`]);

/**
 * Structured JSON logs through pino, one line per event on stdout: `level` (number, as pino writes it), `time`
 * (epoch ms), `msg`, the base fields (pid, node) and the event's own (conversationId, requestId, error …).
 * Written synchronously: log volume is small (nothing per message at info) and the last lines before an exit must
 * not be lost.
 */
export function createPinoLogger(
  base: Record<string, unknown> = {},
  level: LogLevel = "info",
  destination = pino.destination({ dest: 1, sync: true }),
): PinoLogger {
  return pino(
    {
      level,
      base,
      redact: { paths: redactedPaths, censor: "[redacted]" },
      formatters: { level: (label, number) => ({ level: number, severity: label }) },
    },
    destination,
  );
}

/** The domain's Logger over a pino logger: `log.info("message", { fields })`. */
export function asLogger(logger: PinoLogger): Logger & { debug: Logger["info"] } {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

export function createLogger(base: Record<string, unknown> = {}, level: LogLevel = "info"): Logger {
  return asLogger(createPinoLogger(base, level));
}

/** For the rare place with no Deps at hand (a transport's default error sink): the process's logger. */
export const processLog: Logger = createLogger({ pid: process.pid });
