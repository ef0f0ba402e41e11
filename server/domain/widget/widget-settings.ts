import { z } from "zod";
import { attachmentSettingsSchema } from "../attachments/policy.ts";

/** A site's widget look and behaviour. Every field has a default, so a site with no settings still gets a good widget. */
export const widgetSettingsSchema = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "color must be a #rrggbb hex color")
    .default("#4f46e5"),
  position: z.enum(["right", "left"]).default("right"),
  greeting: z.string().max(300).default(""),
  launcherText: z.string().max(40).default(""),
  agentName: z.string().max(80).default(""),
  agentAvatarUrl: z.url({ protocol: /^https?$/ }).max(2048).or(z.literal("")).default(""),
  /** Whether agents see what the visitor is typing before it is sent. */
  draftPreview: z.boolean().default(true),
  /** Uploads from the widget and the inbox: on/off, size cap, allowed types (server/domain/attachments/policy.ts). */
  attachments: attachmentSettingsSchema.prefault({}),
  /** Questions asked before the first message (server/domain/widget/pre-chat.ts); off by default. */
  preChat: z
    .object({
      enabled: z.boolean().default(false),
      fields: z
        .array(
          z.object({
            key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "a field key is lowercase letters, digits and _"),
            label: z.string().min(1).max(80),
            type: z.enum(["name", "email", "phone", "text"]).default("text"),
            required: z.boolean().default(false),
          }),
        )
        .max(6)
        .default([]),
    })
    .prefault({}),
});

export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

/** Reads the stored JSON; anything missing or malformed falls back to the default, field by field. */
export function widgetSettingsOf(stored: unknown): WidgetSettings {
  const source = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const defaults = widgetSettingsSchema.parse({});
  const settings: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof WidgetSettings)[]) {
    const parsed = widgetSettingsSchema.shape[key].safeParse(source[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as WidgetSettings;
}
