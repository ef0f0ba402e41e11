import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { embedSnippet } from "../../server/contracts/snippet.ts";

// Issue #13, defect 9: one snippet everywhere, from one source.
describe("the embed snippet", () => {
  it("starts with the window.Parley queue stub, then the async loader", () => {
    expect(embedSnippet("https://chat.example.com/", "SITE_KEY")).toBe(
      "<script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};</script>\n" +
        '<script async src="https://chat.example.com/widget/loader.js" data-site="SITE_KEY"></script>',
    );
  });

  it("is the one the README tells site owners to paste", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(embedSnippet("https://chat.example.com", "SITE_KEY"));
  });
});
