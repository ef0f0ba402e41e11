import type { ConversationSignal } from "@/server/contracts/signals";
import type { Words } from "./i18n.ts";

type Partial = { text: string; done: boolean };

/**
 * The bot's reply as it streams: a growing bubble per reply, shown until the stored message (same clientMsgId)
 * arrives in the thread, or removed when the server withdraws it (an agent joined, the LLM failed).
 */
export function createBotStream(isStored: (clientMsgId: string) => boolean, onChange: () => void) {
  const partials = new Map<string, Partial>();
  return {
    /** True when the signal was the bot's; the caller ignores it otherwise. */
    handle(signal: ConversationSignal): boolean {
      if (signal.kind !== "botPartial") return false;
      if ((signal.done && !signal.text) || isStored(signal.replyId)) partials.delete(signal.replyId);
      else partials.set(signal.replyId, { text: signal.text, done: signal.done });
      onChange();
      return true;
    },
    /** The stored message arrived: it replaces the growing bubble. */
    settle(clientMsgId: string) {
      partials.delete(clientMsgId);
    },
    rows(words: Words): HTMLElement[] {
      return [...partials].map(([replyId, partial]) => {
        const row = document.createElement("li");
        row.className = "theirs";
        row.dataset.testid = "bot-partial";
        row.dataset.sender = "bot";
        row.dataset.clientMsgId = replyId;
        // Screen readers get the reply once, when it is complete, not word by word.
        row.setAttribute("aria-busy", String(!partial.done));
        const bubble = document.createElement("div");
        bubble.className = "bubble";
        const who = document.createElement("span");
        who.className = "sr-only";
        who.textContent = `${words.bot}: `;
        bubble.append(who, document.createTextNode(partial.text));
        row.append(bubble);
        return row;
      });
    },
  };
}

/** Puts the bot's name (and avatar) above each of its bubbles, so visitors know they are talking to a bot. */
export function labelBotRows(rows: HTMLElement[], bot: { name: string; avatarUrl: string | null } | null): HTMLElement[] {
  if (!bot) return rows;
  for (const row of rows) {
    if (row.dataset.sender !== "bot") continue;
    const label = document.createElement("div");
    label.className = "bot-name";
    label.setAttribute("aria-hidden", "true");
    Object.assign(label.style, {
      display: "flex",
      alignItems: "center",
      gap: "6px",
      margin: "0 0 2px 2px",
      fontSize: "12px",
      color: "#64748b",
    });
    if (bot.avatarUrl) {
      const avatar = document.createElement("img");
      avatar.src = bot.avatarUrl;
      avatar.alt = "";
      Object.assign(avatar.style, { width: "18px", height: "18px", borderRadius: "9px", objectFit: "cover" });
      label.append(avatar);
    }
    label.append(document.createTextNode(bot.name));
    row.prepend(label);
  }
  return rows;
}
