import type { CannedResponseView } from "@/server/contracts/inbox";

/** Fuzzy enough for a picker: every typed character appears in order in the shortcut or title. */
export function fuzzyMatches(query: string, canned: Pick<CannedResponseView, "shortcut" | "title">): boolean {
  const needle = query.toLowerCase();
  return [canned.shortcut, canned.title].some((hay) => {
    let at = 0;
    for (const char of hay.toLowerCase()) if (char === needle[at]) at++;
    return at === needle.length;
  });
}
