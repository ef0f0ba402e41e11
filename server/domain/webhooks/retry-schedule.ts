/** Wait before attempt n+1 after n failed attempts; after the last, the delivery is marked failed. */
export const retryDelaysMs = [10_000, 30_000, 120_000, 600_000, 3_600_000] as const;
export const maxAttempts = retryDelaysMs.length + 1;
