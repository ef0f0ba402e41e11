import type { BotSettings } from "./bot-settings.ts";
import { classifyIntent } from "./intent/classify.ts";

/** Below this the model is not sure enough that the message only greets or thanks; the usual answer path runs. */
const smallTalkProbability = 0.7;
const han = /\p{Script=Han}/u;

const builtIn = {
  greeting: { en: "Hi! How can I help you today?", zh: "您好！请问有什么可以帮您？" },
  thanks: { en: "You're welcome! Anything else I can help with?", zh: "不客气！还有什么可以帮您的吗？" },
} as const;

/**
 * The bot's line for a message that is only a greeting ("hi", "在吗") or only thanks ("thx!", "谢谢"), by the intent
 * model: the site's own line when set, else a built-in one in the visitor's script. Null for anything else, including
 * a greeting with a question ("Hi, how can I get a refund?"), which the model reads as a question.
 */
export function smallTalkReply(text: string, settings: Pick<BotSettings, "greetingMessage" | "thanksMessage">): string | null {
  const { intent, confidence } = classifyIntent(text);
  if ((intent !== "greeting" && intent !== "thanks") || confidence < smallTalkProbability) return null;
  const own = intent === "greeting" ? settings.greetingMessage : settings.thanksMessage;
  return own || builtIn[intent][han.test(text) ? "zh" : "en"];
}
