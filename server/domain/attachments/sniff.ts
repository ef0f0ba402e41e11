import { fileTypeFromBuffer } from "file-type";
import { normalizeDeclaredType } from "./policy.ts";

/** Bytes read from the front of an upload to decide its type (file-type's own sample size). */
export const sniffBytes = 4100;

const markup = /^\s*(?:<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe|<object|<embed|<meta|<link|<style)|<script[\s>]/i;

/** Text is valid UTF-8 with no NUL byte; a cut multi-byte character at the end of the sample is fine. */
function textOf(head: Uint8Array): string | null {
  if (head.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    return null;
  }
}

/**
 * The type of an upload from its first bytes, never from what the client says. Binary formats come from
 * `file-type`; text is plain text unless it looks like markup a browser would render (reported as text/html,
 * which no site may allow). Null when nothing matches.
 */
export async function sniffType(head: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return normalizeDeclaredType(detected.mime);
  const text = textOf(head);
  if (text === null || head.length === 0) return null;
  return markup.test(text) ? "text/html" : "text/plain";
}
