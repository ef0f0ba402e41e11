import type { Deps } from "../deps.ts";
import { deviceIdPattern, inRollout } from "./bucket.ts";

/** The panel's bundles a device loads: content-hashed files of one build (scripts/build-widget.mjs). */
export type ReleaseChoice = { id: string; script: string; stylesheet: string; candidate: boolean };

const served = ["stable", "candidate"];

function choiceOf(row: { id: string; script: string; stylesheet: string; status: string }): ReleaseChoice {
  return { id: row.id, script: row.script, stylesheet: row.stylesheet, candidate: row.status === "candidate" };
}

/**
 * Which release this device loads: the candidate when one is rolled out and the device's bucket for it is inside its
 * percentage (the candidate's id is the release group, so each candidate draws its own devices), else the stable one.
 * The loader's /widget/config, the H5 chat page and the typed client all ask this one function. Null when no release
 * is registered (a development server without a build): the unhashed /widget/panel.js is served then.
 */
export async function releaseFor(deps: Deps, deviceId: string | null): Promise<ReleaseChoice | null> {
  const rows = await deps.db.widgetRelease.findMany({
    where: { status: { in: served } },
    orderBy: [{ promotedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, script: true, stylesheet: true, status: true, percent: true },
  });
  const candidate = rows.find((row) => row.status === "candidate" && row.percent > 0);
  if (candidate && deviceId && deviceIdPattern.test(deviceId) && inRollout(candidate.id, deviceId, candidate.percent))
    return choiceOf(candidate);
  const stable = rows.find((row) => row.status === "stable");
  return stable ? choiceOf(stable) : null;
}

/**
 * The release a panel page asked for by id (the loader passes what /widget/config chose), if it is still served; a
 * release rolled back since then is not, and the page falls back to what `releaseFor` gives.
 */
export async function servedRelease(deps: Deps, id: string): Promise<ReleaseChoice | null> {
  if (!/^[0-9a-f]{12}$/.test(id)) return null;
  const row = await deps.db.widgetRelease.findUnique({ where: { id }, select: { id: true, script: true, stylesheet: true, status: true } });
  return row && served.includes(row.status) ? choiceOf(row) : null;
}
