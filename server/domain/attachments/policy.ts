import { attachmentTypes, type AttachmentSettings, type AttachmentType } from "../../contracts/attachments.ts";
import { displayName } from "../../contracts/display-text.ts";
import { AppError } from "../errors.ts";

/** Names each type may carry; the first is added to a name that has none of them. */
export const extensionsOf: Record<AttachmentType, string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jfif"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "text/plain": ["txt", "log", "md", "csv"],
  "audio/webm": ["webm", "weba"],
  "audio/ogg": ["ogg", "oga", "opus"],
  "audio/mp4": ["m4a", "mp4"],
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function tooLarge(settings: AttachmentSettings): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `file is larger than this site's limit of ${formatBytes(settings.maxBytes)}`);
}

/** A type a client claims (Content-Type, File.type), reduced to the list's spelling; null when it says nothing. */
export function normalizeDeclaredType(value: string | null): string | null {
  const base = value?.split(";")[0]?.trim().toLowerCase();
  if (!base || base === "application/octet-stream") return null;
  if (base === "video/webm") return "audio/webm";
  if (base === "audio/x-m4a" || base === "video/mp4") return "audio/mp4";
  if (base === "image/jpg") return "image/jpeg";
  return base;
}

/**
 * The name a file is stored and served under: control characters, invisible and bidi characters (display spoofing),
 * path separators and quotes removed, at most 200
 * characters, and always ending in an extension of its real type.
 */
export function safeFileName(name: string, type: AttachmentType): string {
  const cleaned =
    displayName(name)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a stored file name must lose
      .replace(/[\u0000-\u001f\u007f/\\"<>:*?|]/g, "")
      .trim()
      .slice(-200) || "file";
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(cleaned)?.[1]?.toLowerCase();
  return ext && extensionsOf[type].includes(ext) ? cleaned : `${cleaned}.${extensionsOf[type][0]}`;
}

/** The type a name's extension stands for among the allowed types, if any. */
function typeOfExtension(name: string): AttachmentType | null {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (!ext) return null;
  return attachmentTypes.find((type) => extensionsOf[type].includes(ext)) ?? null;
}

const readable: Record<string, string> = { "text/html": "HTML", "image/svg+xml": "SVG", "application/xml": "XML" };

/**
 * Decides on a sniffed type: it must be allowed for the site, and neither the name's extension nor the type the
 * client declared may say something else (a "photo.png" that is really a page is refused, not renamed).
 */
export function checkType(
  settings: AttachmentSettings,
  sniffed: string | null,
  claimed: { name: string; declaredType: string | null },
): AttachmentType {
  if (!sniffed) throw new AppError("UNSUPPORTED_MEDIA_TYPE", `file type not recognised; allowed: ${settings.allowedTypes.join(", ")}`);
  if (!(settings.allowedTypes as string[]).includes(sniffed)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `${readable[sniffed] ?? sniffed} files are not allowed here; allowed: ${settings.allowedTypes.join(", ")}`,
    );
  }
  const type = sniffed as AttachmentType;
  const byName = typeOfExtension(claimed.name);
  if (byName && byName !== type) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `the file's content is ${type}, which does not match its name "${claimed.name}"`);
  }
  const declared = normalizeDeclaredType(claimed.declaredType);
  if (declared && declared !== type && (attachmentTypes as readonly string[]).includes(declared)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `the file's content is ${type}, not ${declared} as declared`);
  }
  return type;
}
