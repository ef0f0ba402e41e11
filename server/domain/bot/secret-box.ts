import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets kept at rest (the bot's LLM API key): AES-256-GCM under a key derived with HKDF from the session secret,
 * so no extra key has to be configured and a dumped table alone reveals nothing. Format: "v1:" + base64(iv|tag|data).
 */
function keyFor(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", sessionSecret, "parley/secret-box", "bot llm api key", 32));
}

export function sealSecret(sessionSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(sessionSecret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64")}`;
}

/** Null when the value was sealed under another secret or tampered with: the caller treats the key as missing. */
export function openSecret(sessionSecret: string, sealed: string): string | null {
  if (!sealed.startsWith("v1:")) return null;
  const raw = Buffer.from(sealed.slice(3), "base64");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(sessionSecret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
