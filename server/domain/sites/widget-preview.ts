import { authenticateSession } from "../agents/sessions.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { widgetSettingsSchema } from "../../contracts/widget-settings.ts";

/** What the dashboard's preview shows: unsaved settings, and whether to show the widget as online or away. */
export type WidgetPreview = { siteKey: string; siteName: string; online: boolean; settings: ReturnType<typeof widgetSettingsSchema.parse> };

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  return issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}

/**
 * The preview of a site's widget with settings the admin has not saved yet (JSON of the settings plus `online`).
 * Only the site's own admins may see it: it runs the real widget with any text they type, on the app's origin.
 */
export async function widgetPreview(
  deps: Deps,
  input: { sessionToken: string | undefined; siteKey: string; preview: string },
): Promise<WidgetPreview> {
  const admin = await authenticateSession(deps, input.sessionToken);
  if (!admin) throw new AppError("UNAUTHORIZED", "sign in to preview the widget");
  if (admin.role !== "admin") throw new AppError("FORBIDDEN", "admin role required");
  const site = await deps.db.site.findFirst({
    where: { siteKey: input.siteKey, organizationId: admin.organizationId },
    select: { siteKey: true, name: true },
  });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  let raw: unknown;
  try {
    raw = JSON.parse(input.preview);
  } catch {
    throw new AppError("BAD_REQUEST", "preview must be JSON widget settings");
  }
  const parsed = widgetSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", firstIssue(parsed.error));
  return { siteKey: site.siteKey, siteName: site.name, online: (raw as { online?: unknown }).online !== false, settings: parsed.data };
}
