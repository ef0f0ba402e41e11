import type { Logger } from "./domain/deps.ts";

/** One JSON line per event on stderr/stdout: greppable in a terminal, parseable by any log shipper. */
export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...base, ...fields });
    if (level === "info") console.log(line);
    else console.error(line);
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
