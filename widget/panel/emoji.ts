/**
 * A small emoji picker: a curated grid of native emoji (no image sprites, no big dataset). The grid is keyboard
 * driven — arrows move, Enter or Space inserts at the caret, Escape closes — and focus returns to the text box.
 */
const emoji =
  "😀 😂 😊 😍 😉 😎 🤔 😅 😢 😭 😮 😡 🙄 😴 🤗 🥳 👍 👎 👏 🙏 👋 💪 🤝 👌 ✌️ 👀 🎉 ❤️ 💔 🔥 ⭐ ✅ ❌ ⚠️ ❓ 💡 📦 🚚 💳 🛒 🎁 📞 📧 ⏰ 📅 🏠 ☕ 🙂".split(
    " ",
  );
const columns = 8;
const labels: Record<string, { open: string; grid: string }> = {
  en: { open: "Insert emoji", grid: "Emoji" },
  "zh-CN": { open: "插入表情", grid: "表情" },
};
const words = () => labels[document.documentElement.lang] ?? labels.en!;

/** Inserts text at the caret (replacing a selection) and tells listeners, as typing would. */
export function insertAtCaret(input: HTMLTextAreaElement, text: string) {
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function setupEmoji(input: HTMLTextAreaElement) {
  // Drawn, not an emoji: a machine without an emoji font would show a box on the button.
  const toggle = Object.assign(document.createElement("button"), {
    type: "button",
    className: "tool",
    innerHTML:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M8 14a5 5 0 0 0 8 0M9 9.5h.01M15 9.5h.01"/></svg>',
  });
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-haspopup", "dialog");
  const grid = Object.assign(document.createElement("div"), { className: "emoji", hidden: true });
  grid.setAttribute("role", "dialog");
  grid.dataset.testid = "emoji-picker";
  const cells = emoji.map((symbol, index) => {
    const cell = Object.assign(document.createElement("button"), { type: "button", textContent: symbol, tabIndex: index ? -1 : 0 });
    cell.onclick = () => {
      insertAtCaret(input, symbol);
      close();
    };
    return cell;
  });
  grid.append(...cells);
  const label = () => {
    toggle.setAttribute("aria-label", words().open);
    grid.setAttribute("aria-label", words().grid);
  };
  label();
  new MutationObserver(label).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });

  function close() {
    grid.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    input.focus();
  }
  toggle.onclick = () => {
    if (!grid.hidden) return close();
    grid.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    cells.find((cell) => cell.tabIndex === 0)?.focus();
  };
  grid.addEventListener("keydown", (event) => {
    const at = cells.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -at, End: cells.length - 1 - at }[event.key];
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    } else if (step !== undefined && at !== -1) {
      event.preventDefault();
      const next = cells[Math.min(cells.length - 1, Math.max(0, at + step))]!;
      cells[at]!.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    }
  });
  // One of the text box's field's buttons (shell.ts), after the voice button.
  input.parentElement!.append(toggle);
  input.form!.append(grid);
}
