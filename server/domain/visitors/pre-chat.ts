import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { widgetSettingsOf } from "../../contracts/widget-settings.ts";

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9 ()./-]{5,30}$/;

/**
 * The visitor's answers to the site's pre-chat questions: checked against the site's fields (required ones present,
 * emails and phone numbers well formed, nothing the site did not ask), then kept on the visitor — name and email in
 * their columns, the rest as attributes agents see and routing rules can match.
 */
export async function submitPreChat(deps: Deps, visitor: VisitorRef, answers: Record<string, string>) {
  const site = await deps.db.site.findFirst({
    where: { id: visitor.siteId, organizationId: visitor.organizationId },
    select: { widgetSettings: true },
  });
  if (!site) throw new AppError("NOT_FOUND", "unknown site");
  const { preChat } = widgetSettingsOf(site.widgetSettings);
  if (!preChat.enabled) throw new AppError("BAD_REQUEST", "this site asks no pre-chat questions");
  const fields = new Map(preChat.fields.map((field) => [field.key, field]));
  for (const key of Object.keys(answers)) if (!fields.has(key)) throw new AppError("BAD_REQUEST", `${key}: this site does not ask that`);
  const values: Record<string, string> = {};
  for (const field of preChat.fields) {
    const value = (answers[field.key] ?? "").trim();
    if (!value) {
      if (field.required) throw new AppError("BAD_REQUEST", `${field.key}: ${field.label} is required`);
      continue;
    }
    if (field.type === "email" && !emailPattern.test(value)) throw new AppError("BAD_REQUEST", `${field.key}: enter a valid email address`);
    if (field.type === "phone" && !phonePattern.test(value)) throw new AppError("BAD_REQUEST", `${field.key}: enter a valid phone number`);
    values[field.key] = value;
  }
  const current = await deps.db.visitor.findFirst({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    select: { attributes: true },
  });
  const attributes = { ...((current?.attributes as Record<string, unknown> | null) ?? {}) };
  let name: string | undefined;
  let email: string | undefined;
  for (const field of preChat.fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    if (field.type === "name") name = value.slice(0, 120);
    else if (field.type === "email") email = value.toLowerCase();
    else attributes[field.key] = value;
  }
  await deps.db.visitor.updateMany({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    data: { ...(name ? { name } : {}), ...(email ? { email } : {}), attributes: attributes as object },
  });
  return { ok: true as const };
}
