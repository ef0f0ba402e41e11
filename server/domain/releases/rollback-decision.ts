import type { ReleaseSample } from "./release-stats.ts";

export type RollbackSettings = { minDevices: number; rollbackMarginPoints: number };

/**
 * Pure: whether a candidate must go. Only once it has a minimum sample of devices (a few early failures among ten
 * devices prove little), and only when its share of failing devices exceeds stable's by more than the margin, in
 * percentage points. Returns the reason to record, or null.
 */
export function rollbackReason(candidate: ReleaseSample, stable: ReleaseSample, settings: RollbackSettings): string | null {
  if (candidate.devices < settings.minDevices) return null;
  const candidatePoints = candidate.errorRate * 100;
  const stablePoints = stable.errorRate * 100;
  if (candidatePoints - stablePoints <= settings.rollbackMarginPoints) return null;
  return `error rate ${candidatePoints.toFixed(1)} % over ${candidate.devices} devices, stable ${stablePoints.toFixed(1)} % over ${stable.devices}; margin ${settings.rollbackMarginPoints} points`;
}
