import { ulid } from "ulid";
import type { Locale } from "../protocol.ts";

const words = {
  en: {
    title: "We're away right now",
    lead: "Leave your message and email: we'll reply here, and by email if you've gone.",
    name: "Your name",
    email: "Email",
    message: "Message",
    submit: "Leave a message",
    sending: "Sending…",
    failed: "Your message was not sent; please try again.",
  },
  "zh-CN": {
    title: "我们暂时不在线",
    lead: "请留下留言和邮箱：我们会在这里回复，如果您已离开也会发送邮件。",
    name: "您的姓名",
    email: "邮箱",
    message: "留言",
    submit: "提交留言",
    sending: "发送中…",
    failed: "留言未能发送，请重试。",
  },
} satisfies Record<Locale, unknown>;

export type LeftMessage = { name: string; email: string; body: string; clientMsgId: string };

/**
 * The offline form, shown instead of the composer when nobody is online and the visitor has not written yet. What was
 * typed stays when sending fails; the browser checks the email's shape and the required fields before we do.
 */
export function offlineForm(locale: () => Locale, leave: (message: LeftMessage) => Promise<void>, siteMessage = "") {
  const form = document.createElement("form");
  form.className = "offline";
  form.dataset.testid = "offline-form";
  form.hidden = true;
  const field = (id: string, type: string, autocomplete: string) => {
    const label = document.createElement("label");
    label.htmlFor = id;
    const input = document.createElement(type === "textarea" ? "textarea" : "input") as HTMLInputElement;
    input.id = id;
    input.required = true;
    if (type !== "textarea") input.type = type;
    input.autocomplete = autocomplete as AutoFill;
    return { label, input };
  };
  const title = document.createElement("p");
  title.className = "offline-title";
  const lead = document.createElement("p");
  const name = field("parley-offline-name", "text", "name");
  name.input.maxLength = 120;
  const email = field("parley-offline-email", "email", "email");
  email.input.maxLength = 254;
  const message = field("parley-offline-message", "textarea", "off");
  message.input.maxLength = 5000;
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "send";
  const error = document.createElement("p");
  error.setAttribute("role", "alert");
  error.className = "rating-error";
  form.append(title, lead, name.label, name.input, email.label, email.input, message.label, message.input, submit, error);

  const render = () => {
    const text = words[locale()];
    title.textContent = text.title;
    // The site's own words when it has some (widget settings' offlineMessage), else ours.
    lead.textContent = siteMessage || text.lead;
    name.label.textContent = text.name;
    email.label.textContent = text.email;
    message.label.textContent = text.message;
    submit.textContent = submit.disabled ? text.sending : text.submit;
    form.setAttribute("aria-label", text.title);
  };
  form.onsubmit = async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = "";
    render();
    try {
      await leave({ name: name.input.value, email: email.input.value, body: message.input.value.trim(), clientMsgId: ulid() });
      form.hidden = true;
    } catch {
      error.textContent = words[locale()].failed;
    } finally {
      submit.disabled = false;
      render();
    }
  };
  render();
  return { form, render };
}
