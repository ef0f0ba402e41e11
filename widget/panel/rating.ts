import { parseThreadEvent, type ThreadEvent } from "../../server/contracts/thread-events.ts";
import type { ThreadItem } from "@/client/thread";
import type { Locale } from "../protocol.ts";

const words = {
  en: {
    title: "How did we do?",
    star: (score: number) => `${score} out of 5`,
    comment: "Anything to add? (optional)",
    submit: "Send rating",
    thanks: "Thanks for your feedback!",
    failed: "Your rating was not sent; please try again.",
  },
  "zh-CN": {
    title: "本次服务如何？",
    star: (score: number) => `${score} 分（满分 5 分）`,
    comment: "还有什么想说的吗？（可选）",
    submit: "提交评价",
    thanks: "感谢您的反馈！",
    failed: "评价未能发送，请重试。",
  },
} satisfies Record<Locale, unknown>;

const eventOf = (item: ThreadItem): ThreadEvent | null => (item.type === "event" ? parseThreadEvent(item.body) : null);

/** Resolved, and not rated since: the thread itself says when to ask (the rating is an event line in it). */
export function awaitsRating(items: readonly ThreadItem[]): boolean {
  let awaiting = false;
  for (const item of items) {
    const event = eventOf(item);
    if (event?.event === "state") awaiting = event.to === "resolved";
    else if (event?.event === "rating") awaiting = false;
  }
  return awaiting;
}

/**
 * The CSAT prompt shown above the composer once the chat is resolved: five stars (a radio group, arrow keys work),
 * an optional comment, then a thank-you. Sending again after a failure keeps what was chosen.
 */
export function ratingPrompt(locale: () => Locale, send: (score: number, comment: string) => Promise<void>) {
  const root = document.createElement("section");
  root.className = "rating";
  root.dataset.testid = "rating";
  root.hidden = true;
  let score = 0;
  let thanked = false;

  const render = () => {
    const text = words[locale()];
    root.replaceChildren();
    root.setAttribute("aria-label", text.title);
    if (thanked) {
      const thanks = document.createElement("p");
      thanks.setAttribute("role", "status");
      thanks.textContent = text.thanks;
      root.append(thanks);
      return;
    }
    const title = document.createElement("p");
    title.className = "rating-title";
    title.textContent = text.title;
    const stars = document.createElement("div");
    stars.className = "stars";
    stars.setAttribute("role", "radiogroup");
    stars.setAttribute("aria-label", text.title);
    for (let value = 1; value <= 5; value++) {
      const star = document.createElement("button");
      star.type = "button";
      star.setAttribute("role", "radio");
      star.setAttribute("aria-checked", String(value === score));
      star.setAttribute("aria-label", text.star(value));
      star.tabIndex = value === (score || 1) ? 0 : -1;
      star.textContent = value <= score ? "★" : "☆";
      star.onclick = () => {
        score = value;
        render();
        (root.querySelector(`[aria-label="${text.star(value)}"]`) as HTMLButtonElement | null)?.focus();
      };
      star.onkeydown = (event) => {
        const step =
          event.key === "ArrowRight" || event.key === "ArrowUp" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowDown" ? -1 : 0;
        if (!step) return;
        event.preventDefault();
        score = Math.min(5, Math.max(1, value + step));
        render();
        (root.querySelector(`[aria-label="${text.star(score)}"]`) as HTMLButtonElement | null)?.focus();
      };
      stars.append(star);
    }
    const label = document.createElement("label");
    label.className = "sr-only";
    label.htmlFor = "parley-rating-comment";
    label.textContent = text.comment;
    const comment = document.createElement("textarea");
    comment.id = "parley-rating-comment";
    comment.rows = 2;
    comment.maxLength = 1000;
    comment.placeholder = text.comment;
    const submit = document.createElement("button");
    submit.type = "button";
    submit.className = "send";
    submit.textContent = text.submit;
    submit.disabled = score === 0;
    const error = document.createElement("p");
    error.setAttribute("role", "alert");
    error.className = "rating-error";
    submit.onclick = async () => {
      submit.disabled = true;
      try {
        await send(score, comment.value);
        thanked = true;
        render();
      } catch {
        error.textContent = text.failed;
        submit.disabled = false;
      }
    };
    root.append(title, stars, label, comment, submit, error);
  };

  return {
    root,
    /** Shows the prompt while the thread awaits a rating, then the thank-you until the chat moves on. */
    update(items: readonly ThreadItem[]) {
      const wanted = awaitsRating(items);
      const lastEvent = [...items]
        .reverse()
        .map(eventOf)
        .find((event) => event !== null);
      if (!wanted && lastEvent?.event !== "rating") thanked = false;
      if (wanted && root.hidden && !thanked) {
        score = 0;
        render();
      }
      root.hidden = !(wanted || thanked);
    },
    render,
  };
}
