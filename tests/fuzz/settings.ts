import { backends } from "../support/test-database.ts";

/**
 * The fuzz suite's knobs. FUZZ_SEED replays a run (every failure prints the seed); FUZZ_RUNS is the number of cases
 * per procedure over all callers; FUZZ_MYSQL=1 also fuzzes on MariaDB when DATABASE_URL names one.
 */
export const fuzzSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`fuzz seed ${fuzzSeed} (replay with FUZZ_SEED=${fuzzSeed})`);

const runsPerProcedure = Number(process.env.FUZZ_RUNS ?? 240);

/** Subscriptions that accept their input wait a moment to prove they are live: fewer cases keep the suite in budget. */
export function fuzzRuns(type: string): number {
  return type === "subscription" ? Math.ceil(runsPerProcedure / 3) : runsPerProcedure;
}

export function fuzzBackends(): ("sqlite" | "mysql")[] {
  return process.env.FUZZ_MYSQL === "1" ? backends() : ["sqlite"];
}

/** One procedure's (or endpoint family's) cases; generous, since a loaded CI box runs other test files beside it. */
export const fuzzTimeoutMs = 180_000;
