import { describe, expect, it } from "vitest";
import { insertMention, matchColleagues, mentionAt } from "../../app/inbox/mention-logic.ts";

const people = [
  { name: "Bob Li", email: "bob@shop.test" },
  { name: "Anna Berg", email: "anna@shop.test" },
  { name: "Lin Wei", email: "wei.lin@shop.test" },
];

describe("@mention autocomplete in notes", () => {
  it("finds the mention being typed at the caret, not an email address or a finished line", () => {
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("ask @bo about it", 7)).toEqual({ start: 4, query: "bo" });
    expect(mentionAt("ask @Bob L", 10)).toEqual({ start: 4, query: "Bob L" });
    expect(mentionAt("mail bob@shop.test", 18)).toBeNull();
    expect(mentionAt("@bob\nnext line", 14)).toBeNull();
    expect(mentionAt("no mention here", 5)).toBeNull();
  });

  it("matches any word of the name or the email name, from its start", () => {
    expect(matchColleagues(people, "").map((person) => person.name)).toEqual(["Bob Li", "Anna Berg", "Lin Wei"]);
    expect(matchColleagues(people, "b").map((person) => person.name)).toEqual(["Bob Li", "Anna Berg"]);
    expect(matchColleagues(people, "WEI").map((person) => person.name)).toEqual(["Lin Wei"]);
    expect(matchColleagues(people, "nn")).toEqual([]);
  });

  it("replaces what was typed with @Full Name and a space, and puts the caret after it", () => {
    expect(insertMention("ask @bo about it", { start: 4, query: "bo" }, "Bob Li")).toEqual({ text: "ask @Bob Li about it", caret: 12 });
    expect(insertMention("@", { start: 0, query: "" }, "Anna Berg")).toEqual({ text: "@Anna Berg ", caret: 11 });
  });
});
