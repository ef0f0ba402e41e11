/**
 * @mention autocomplete in a note, as pure functions (unit-tested in tests/unit/mention-logic.test.ts). What is
 * inserted, `@Full Name`, is what server/domain/messages/send-agent-note.ts recognises as a mention.
 */

/** The mention being typed at the caret: where its `@` is and what follows it so far; null when the caret is in none. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("@");
  if (start === -1) return null;
  // An @ inside a word is an email address, not a mention.
  if (start > 0 && /[\p{L}\p{N}_.+-]/u.test(before[start - 1]!)) return null;
  const query = before.slice(start + 1);
  // Full names have spaces ("Bob Li"), but a mention is short and on one line.
  if (/[\n@]/.test(query) || query.length > 40 || query.split(" ").length > 3) return null;
  return { start, query };
}

/** Colleagues whose name (any word of it) or email name starts with what was typed, at most `limit`. */
export function matchColleagues<T extends { name: string; email: string }>(colleagues: readonly T[], query: string, limit = 8): T[] {
  const typed = query.toLowerCase();
  return colleagues
    .filter((person) => {
      const name = person.name.toLowerCase();
      return (
        name.startsWith(typed) || name.split(/\s+/).some((word) => word.startsWith(typed)) || person.email.toLowerCase().startsWith(typed)
      );
    })
    .slice(0, limit);
}

/** The text with the typed mention replaced by `@Name `, and where the caret goes after it. */
export function insertMention(text: string, mention: { start: number; query: string }, name: string): { text: string; caret: number } {
  const end = mention.start + 1 + mention.query.length;
  const inserted = `@${name} `;
  const rest = text.slice(end).replace(/^ /, "");
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}
