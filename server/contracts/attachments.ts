import { z } from "./zod.ts";
import { displayName } from "./display-text.ts";

/**
 * What a message of type "attachment" carries in its body (JSON), and what a webhook receives: never the bytes.
 * Clients fetch the file from `/api/uploads/<id>`. Imports only zod, so the widget and the inbox can parse it.
 */
export const attachmentKinds = ["image", "audio", "file"] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

export const attachmentMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  kind: z.enum(attachmentKinds),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

export const uploadPath = "/api/uploads";

/** Parses a message body; null when it is not attachment metadata (so a client shows it as text). */
export function parseAttachmentMeta(body: string): AttachmentMeta | null {
  try {
    const parsed = attachmentMetaSchema.safeParse(JSON.parse(body));
    // Every display of a file's name goes through here: names stored with bidi or zero-width characters show clean.
    return parsed.success ? { ...parsed.data, name: displayName(parsed.data.name) } : null;
  } catch {
    return null;
  }
}

export function kindOfMime(mime: string): AttachmentKind {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("audio/")) return "audio";
  return "file";
}

/** The types an upload may have, after sniffing. Anything that renders as a page (HTML, SVG, XML) is never one. */
export const attachmentTypes = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "audio/webm",
  "audio/ogg",
  "audio/mp4",
] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

export const defaultMaxBytes = 10 * 1024 * 1024;

/** A site's upload policy, kept in Site.widgetSettings.attachments; the same policy applies to its agents' uploads. */
export const attachmentSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  maxBytes: z
    .number()
    .int()
    .min(1024, "attachment size limit is at least 1 KB")
    .max(100 * 1024 * 1024, "attachment size limit is at most 100 MB")
    .default(defaultMaxBytes),
  allowedTypes: z
    .array(z.enum(attachmentTypes, `allowed types are ${attachmentTypes.join(", ")}`))
    .max(attachmentTypes.length)
    .default([...attachmentTypes]),
});
export type AttachmentSettings = z.infer<typeof attachmentSettingsSchema>;
