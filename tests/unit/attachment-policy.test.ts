import { describe, expect, it } from "vitest";
import { attachmentSettingsSchema } from "../../server/contracts/attachments.ts";
import { checkType, safeFileName } from "../../server/domain/attachments/policy.ts";
import { AppError, httpStatusOf } from "../../server/domain/errors.ts";
import { sniffType } from "../../server/domain/attachments/sniff.ts";
import { widgetSettingsOf } from "../../server/contracts/widget-settings.ts";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const defaults = attachmentSettingsSchema.parse({});

function refusal(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { status: httpStatusOf(error.code), message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("attachment policy", () => {
  it("defaults to 10 MB and every listed type; a malformed stored policy falls back to the default", () => {
    expect(defaults).toMatchObject({ enabled: true, maxBytes: 10 * 1024 * 1024 });
    expect(widgetSettingsOf({}).attachments).toEqual(defaults);
    expect(widgetSettingsOf({ attachments: { maxBytes: "lots" } }).attachments).toEqual(defaults);
    expect(widgetSettingsOf({ attachments: { allowedTypes: ["image/png"] } }).attachments).toEqual({
      ...defaults,
      allowedTypes: ["image/png"],
    });
    expect(attachmentSettingsSchema.safeParse({ allowedTypes: ["text/html"] }).success).toBe(false);
  });

  it("sniffs content, not names: PNG bytes, plain text, markup and binary junk", async () => {
    expect(await sniffType(png)).toBe("image/png");
    expect(await sniffType(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(await sniffType(Buffer.from("Order 1921: 两把水壶\n"))).toBe("text/plain");
    expect(await sniffType(Buffer.from("  <!DOCTYPE html><p>x"))).toBe("text/html");
    expect(await sniffType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).not.toBe("text/plain");
    expect(await sniffType(Buffer.from("hello <script>alert(1)</script>"))).toBe("text/html");
    expect(await sniffType(Buffer.from([0, 1, 2, 3, 255, 254]))).toBeNull();
    // A multi-byte character cut at the end of the sample is still text.
    expect(await sniffType(Buffer.from("水壶").subarray(0, 4))).toBe("text/plain");
  });

  it("refuses a type the site does not allow, a name or declared type that disagrees with the content, and the unknown", () => {
    expect(checkType(defaults, "image/png", { name: "shot.PNG", declaredType: "image/png" })).toBe("image/png");
    expect(checkType(defaults, "audio/webm", { name: "voice-0m07s.webm", declaredType: "video/webm;codecs=opus" })).toBe("audio/webm");
    expect(refusal(() => checkType(defaults, "text/html", { name: "a.png", declaredType: "image/png" }))).toEqual({
      status: 415,
      message: `HTML files are not allowed here; allowed: ${defaults.allowedTypes.join(", ")}`,
    });
    expect(refusal(() => checkType(defaults, "text/plain", { name: "a.png", declaredType: null }))).toEqual({
      status: 415,
      message: `the file's content is text/plain, which does not match its name "a.png"`,
    });
    expect(
      refusal(() => checkType({ ...defaults, allowedTypes: ["image/png"] }, "application/pdf", { name: "x.pdf", declaredType: null }))
        .status,
    ).toBe(415);
    expect(refusal(() => checkType(defaults, null, { name: "x", declaredType: null })).message).toMatch(/^file type not recognised/);
  });

  it("makes a safe name that always ends in an extension of the real type", () => {
    expect(safeFileName("Screenshot 1.png", "image/png")).toBe("Screenshot 1.png");
    expect(safeFileName("../../etc/passwd", "text/plain")).toBe("....etcpasswd.txt");
    expect(safeFileName('evil".html', "text/plain")).toBe("evil.html.txt");
    expect(safeFileName("\u0000", "image/jpeg")).toBe("file.jpg");
    expect(safeFileName("报价单.PDF", "application/pdf")).toBe("报价单.PDF");
  });
});
