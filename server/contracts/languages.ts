import { z } from "zod";

/** The languages the inbox, dashboard and widget are translated into (client/i18n.ts holds the same list). */
export const appLanguages = ["en", "zh-CN"] as const;
export type AppLanguage = (typeof appLanguages)[number];

/** A person's own language, or null to follow the organization's default. */
export const languagePreferenceSchema = z.object({
  language: z.enum(appLanguages, { error: "language must be en or zh-CN" }).nullable(),
});
