import { describe, expect, it } from "vitest";
import { parseAttachmentMeta } from "../../server/contracts/attachments.ts";
import { displayName } from "../../server/contracts/display-text.ts";
import { safeFileName } from "../../server/domain/attachments/policy.ts";

describe("names shown to people carry no bidi controls or invisible characters", () => {
  it.each([
    ["invoice\u202Efdp.exe", "invoicefdp.exe"], // RIGHT-TO-LEFT OVERRIDE: displays as "invoiceexe.pdf"
    ["report\u2067fdp.txt\u2069", "reportfdp.txt"], // isolates
    ["\u200Fpay\u200Ement\u061C.pdf", "payment.pdf"], // marks
    ["ad\u200Bmin", "admin"], // zero-width space
    ["Ad\u200C\u200D\u2060a\uFEFF", "Ada"], // joiners, word joiner, BOM
    ["\u3164", ""], // Hangul filler: a name that looks blank
    ["soft\u00ADhyphen", "softhyphen"],
    ["报价单 (v2).pdf", "报价单 (v2).pdf"],
    ["Zoë Ångström", "Zoë Ångström"],
  ])("%j → %j", (raw, shown) => {
    expect(displayName(raw)).toBe(shown);
  });

  it("is applied where file names are stored and wherever an attachment's name is read for display", () => {
    expect(safeFileName("invoice\u202Efdp.txt", "text/plain")).toBe("invoicefdp.txt");
    // A name stored before this (in a message body) shows clean in the inbox, the demo page and previews.
    const body = JSON.stringify({ id: "a1", name: "invoice\u202Efdp.exe", size: 3, mime: "text/plain", kind: "file" });
    expect(parseAttachmentMeta(body)?.name).toBe("invoicefdp.exe");
  });
});
