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
