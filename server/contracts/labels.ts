import { z } from "./zod.ts";

/** Conversation labels, shared with the browser (imports only zod). */
export const labelLimits = { name: 40, perOrganization: 200, perConversation: 20 } as const;

export const labelNameSchema = z
  .string()
  .trim()
  .min(1, "label name is empty")
  .max(labelLimits.name, `label name is longer than ${labelLimits.name} characters`);
export const labelColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "color must be #rrggbb");

export type LabelView = { id: string; name: string; color: string };
