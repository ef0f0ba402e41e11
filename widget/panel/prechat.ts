import type { Locale } from "../protocol.ts";

export type PreChatField = { key: string; label: string; type: "name" | "email" | "phone" | "text"; required: boolean };

const words = {
  en: { title: "Before we start", submit: "Start chat", failed: "That did not go through; please check and try again." },
  "zh-CN": { title: "开始之前", submit: "开始聊天", failed: "提交失败，请检查后重试。" },
} satisfies Record<Locale, unknown>;

const inputType = { name: "text", email: "email", phone: "tel", text: "text" } as const;
const autocomplete = { name: "name", email: "email", phone: "tel", text: "off" } as const;

/**
 * The site's pre-chat questions (labels as the admin wrote them), shown instead of the composer until answered.
 * The browser checks required fields and email shape first; the server checks again and says which field is wrong.
 */
export function preChatForm(
  fields: readonly PreChatField[],
  locale: () => Locale,
  submit: (answers: Record<string, string>) => Promise<void>,
) {
  const form = document.createElement("form");
  form.className = "offline";
  form.dataset.testid = "prechat-form";
  form.hidden = true;
  const title = document.createElement("p");
  title.className = "offline-title";
  form.append(title);
  const inputs = fields.map((field) => {
    const label = document.createElement("label");
    label.htmlFor = `parley-prechat-${field.key}`;
    label.textContent = field.required ? `${field.label} *` : field.label;
    const input = document.createElement("input");
    input.id = `parley-prechat-${field.key}`;
    input.type = inputType[field.type];
    input.autocomplete = autocomplete[field.type] as AutoFill;
    input.required = field.required;
    input.maxLength = 500;
    form.append(label, input);
    return { key: field.key, input };
  });
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "send";
  const error = document.createElement("p");
  error.setAttribute("role", "alert");
  error.className = "rating-error";
  form.append(button, error);

  const render = () => {
    const text = words[locale()];
    title.textContent = text.title;
    button.textContent = text.submit;
    form.setAttribute("aria-label", text.title);
  };
  form.onsubmit = async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.textContent = "";
    try {
      await submit(Object.fromEntries(inputs.map(({ key, input }) => [key, input.value.trim()]).filter(([, value]) => value !== "")));
      form.hidden = true;
    } catch (failure) {
      error.textContent = failure instanceof Error && failure.message ? failure.message : words[locale()].failed;
    } finally {
      button.disabled = false;
    }
  };
  render();
  return { form, render };
}
