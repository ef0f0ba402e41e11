import { z } from "zod";
import { attachmentSettingsSchema } from "./attachments.ts";

const greetingSchema = z.string().max(300, "greeting is at most 300 characters");
const launcherTextSchema = z.string().max(40, "launcher text is at most 40 characters");
const offlineMessageSchema = z.string().max(500, "offline message is at most 500 characters");

/** A language's own greeting, launcher text and offline message; empty or missing = the site-wide one. */
const localeTextsSchema = z.object({
  greeting: greetingSchema.optional(),
  launcherText: launcherTextSchema.optional(),
  offlineMessage: offlineMessageSchema.optional(),
});
export const widgetTextLocales = ["en", "zh-CN"] as const;
export type WidgetTextLocale = (typeof widgetTextLocales)[number];
export type LocaleTexts = z.infer<typeof localeTextsSchema>;

/** A site's widget look and behaviour. Every field has a default, so a site with no settings still gets a good widget. */
export const widgetSettingsSchema = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "color must be a #rrggbb hex color")
    .default("#4f46e5"),
  position: z.enum(["right", "left"]).default("right"),
  greeting: greetingSchema.default(""),
  launcherText: launcherTextSchema.default(""),
  agentName: z.string().max(80, "agent name is at most 80 characters").default(""),
  agentAvatarUrl: z
    .url({ protocol: /^https?$/, error: "avatar must be an http(s) URL" })
    .max(2048, "avatar URL is at most 2048 characters")
    .or(z.literal(""))
    .default(""),
  /** The offline form's lead when nobody is online; empty = the widget's built-in wording. */
  offlineMessage: offlineMessageSchema.default(""),
  /**
   * Per visitor language, overrides of greeting, launcher text and offline message (the fields above are used for a
   * language with none). The loader and panel get the texts already picked for the visitor's language
   * (`localizedWidgetSettings`), so neither carries the other languages.
   */
  texts: z.partialRecord(z.enum(widgetTextLocales), localeTextsSchema).default({}),
  /** Whether agents see what the visitor is typing before it is sent. */
  draftPreview: z.boolean().default(true),
  /** Uploads from the widget and the inbox: on/off, size cap, allowed types (server/contracts/attachments.ts, enforced by server/domain/attachments/policy.ts). */
  attachments: attachmentSettingsSchema.prefault({}),
  /**
   * After a resolve, the visitor's next message reopens the same conversation within this many minutes and starts a
   * new one after (server/domain/conversations/reopen-decision.ts). 0: always a new one.
   */
  newConversationAfterMinutes: z.number().int("whole minutes").min(0, "at least 0 minutes").max(43_200, "at most 30 days").default(240),
  /** Questions asked before the first message (server/domain/visitors/pre-chat.ts); off by default. */
  preChat: z
    .object({
      enabled: z.boolean().default(false),
      fields: z
        .array(
          z.object({
            key: z
              .string()
              .regex(/^[a-z][a-z0-9_]{0,39}$/, "a field key is lowercase letters, digits and _ (at most 40), starting with a letter"),
            label: z.string().trim().min(1, "a field needs a label").max(80, "a field label is at most 80 characters"),
            type: z.enum(["name", "email", "phone", "text"]).default("text"),
            required: z.boolean().default(false),
          }),
        )
        .max(6, "at most 6 pre-chat fields")
        .refine((fields) => new Set(fields.map((field) => field.key)).size === fields.length, "pre-chat field keys must be different")
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

/** The settings as one visitor sees them: their language's greeting, launcher text and offline message where set. */
export function localizedWidgetSettings<T extends Pick<WidgetSettings, "greeting" | "launcherText" | "offlineMessage" | "texts">>(
  settings: T,
  locale: string,
): T {
  const own = settings.texts?.[locale as WidgetTextLocale];
  if (!own) return settings;
  return {
    ...settings,
    greeting: own.greeting || settings.greeting,
    launcherText: own.launcherText || settings.launcherText,
    offlineMessage: own.offlineMessage || settings.offlineMessage,
  };
}
