/**
 * Characters that change how text around them is shown without being seen themselves: bidirectional controls (a
 * RIGHT-TO-LEFT OVERRIDE makes `invoice\u202Efdp.exe` display as "invoiceexe.pdf"), zero-width spaces and joiners,
 * word joiners and invisible operators, the BOM, soft hyphens, Hangul fillers (names that look blank), and line or
 * paragraph separators. File names and people's names have no need of any of them.
 */
const invisible =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible code point is listed to be removed on its own, joiners included
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]/g;

/**
 * A name (file, visitor, agent) as it may be shown: those characters removed, so what a reader sees is what the text
 * says. Used where names are stored, displayed by the inbox and the widget, and sent in Content-Disposition.
 */
export function displayName(text: string): string {
  return text.replace(invisible, "");
}
