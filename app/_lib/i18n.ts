"use client";
import { useEffect, useState } from "react";

const en = {
  send: "Send",
  sending: "Sending…",
  waitingToSend: "Waiting for connection…",
  failed: "Not sent yet, retrying…",
  inbox: "Inbox",
  noConversations: "No open conversations.",
  pickConversation: "Pick a conversation on the left.",
  reply: "Reply",
  replyPlaceholder: "Write a reply… (Enter to send, Shift+Enter for a new line)",
  resolve: "Resolve",
  visitor: "Visitor",
  signIn: "Sign in",
  signOut: "Sign out",
  email: "Email",
  password: "Password",
  signUpTitle: "Create your organization",
  signUpLead: "You will be its admin: add your website and invite your team next.",
  organizationName: "Organization name",
  yourName: "Your name",
  passwordHint: "At least 10 characters.",
  createOrganization: "Create organization",
  noAccount: "New to Parley?",
  haveAccount: "Already have an account?",
  demoTitle: "Parley demo",
  demoIntro: "This page stands in for your website. The chat button in the corner is the real widget, embedded with the very snippet you paste on your own pages:",
  demoAnswer: "To answer, sign in with the admin login printed in the terminal when Parley started, then keep the inbox open beside this page.",
  openInbox: "Open the agent inbox",
  openDashboard: "Dashboard",
  interfaceLanguage: "Language",
  languageFollowOrganization: "Organization default",
  theme: "Theme",
  themeSystem: "System",
  themeLight: "Light",
  themeDark: "Dark",
  stateEvent: "Conversation {from} → {to}",
  eventAssigned: "An agent joined the conversation",
  eventResolved: "Conversation resolved",
  eventQueued: "Waiting for an agent",
  eventSnoozed: "Conversation snoozed",
  eventPending: "Waiting for your reply",
  privateNote: "Private note",
  seen: "Seen",
  bot: "Bot",
  eventHandoff: "The bot handed off after {turns} replies: {reason}",
  eventRating: "The visitor rated this chat {score}/5",
  eventRatingComment: "The visitor rated this chat {score}/5: “{comment}”",
  handoff_visitor_asked: "the visitor asked for a human",
  handoff_low_confidence: "it was unsure several times in a row",
  handoff_llm_error: "the LLM failed or timed out",
  handoff_vip: "VIP visitor",
  handoff_site_rule: "a site rule",
  handoff_bot_off: "the bot was turned off",
  handoff_limit: "the visitor reached the bot's limits",
};
type Dictionary = typeof en;

const zhCN: Dictionary = {
  send: "发送",
  sending: "发送中…",
  waitingToSend: "等待连接…",
  failed: "尚未发送，正在重试…",
  inbox: "收件箱",
  noConversations: "没有进行中的会话。",
  pickConversation: "请从左侧选择一个会话。",
  reply: "回复",
  replyPlaceholder: "输入回复…（Enter 发送，Shift+Enter 换行）",
  resolve: "标记为已解决",
  visitor: "访客",
  signIn: "登录",
  signOut: "退出",
  email: "邮箱",
  password: "密码",
  signUpTitle: "创建您的组织",
  signUpLead: "您将成为管理员，接下来可以添加网站并邀请团队成员。",
  organizationName: "组织名称",
  yourName: "您的姓名",
  passwordHint: "至少 10 个字符。",
  createOrganization: "创建组织",
  noAccount: "第一次使用 Parley？",
  haveAccount: "已有账号？",
  demoTitle: "Parley 演示",
  demoIntro: "此页面代表您的网站。角落里的聊天按钮就是真实的聊天插件，嵌入方式与您粘贴到自己网页上的代码完全相同：",
  demoAnswer: "要回复访客，请使用 Parley 启动时终端里打印的管理员账号登录，然后在本页旁边打开收件箱。",
  openInbox: "打开客服收件箱",
  openDashboard: "管理后台",
  interfaceLanguage: "界面语言",
  languageFollowOrganization: "跟随组织默认",
  theme: "外观",
  themeSystem: "跟随系统",
  themeLight: "浅色",
  themeDark: "深色",
  stateEvent: "会话状态 {from} → {to}",
  eventAssigned: "客服已加入会话",
  eventResolved: "会话已结束",
  eventQueued: "正在等待客服",
  eventSnoozed: "会话已稍后处理",
  eventPending: "等待您的回复",
  privateNote: "内部备注",
  seen: "已读",
  bot: "机器人",
  eventHandoff: "机器人在 {turns} 次回复后转人工：{reason}",
  eventRating: "访客为本次会话评分 {score}/5",
  eventRatingComment: "访客为本次会话评分 {score}/5：“{comment}”",
  handoff_visitor_asked: "访客要求人工服务",
  handoff_low_confidence: "连续多次无法确定答案",
  handoff_llm_error: "大模型出错或超时",
  handoff_vip: "VIP 访客",
  handoff_site_rule: "站点规则",
  handoff_bot_off: "机器人已关闭",
  handoff_limit: "访客已达机器人使用上限",
};

export type Locale = "en" | "zh-CN";
const dictionaries: Record<Locale, Dictionary> = { en, "zh-CN": zhCN };

const choiceKey = "parley:locale";
const organizationKey = "parley:organization-locale";
const changed = "parley:locale-changed";
const asLocale = (value: string): Locale => (value.toLowerCase().startsWith("zh") ? "zh-CN" : "en");

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The page's language: ?lang=… first, then the person's own choice (the language switch), then their organization's
 * default language, then the browser's.
 */
function currentLocale(): Locale {
  return asLocale(new URLSearchParams(location.search).get("lang") ?? stored(choiceKey) ?? stored(organizationKey) ?? navigator.language);
}

/** The language switch: a locale, or null to follow the organization's (then the browser's) again. */
export function chooseLocale(choice: Locale | null) {
  try {
    if (choice) localStorage.setItem(choiceKey, choice);
    else localStorage.removeItem(choiceKey);
  } catch {
    // storage blocked: the choice lasts for this page
  }
  window.dispatchEvent(new Event(changed));
}

export function chosenLocale(): Locale | null {
  const choice = stored(choiceKey);
  return choice ? asLocale(choice) : null;
}

/** Called once the signed-in agent is known: their organization's default language. */
export function rememberOrganizationLocale(language: string) {
  if (stored(organizationKey) === language) return;
  try {
    localStorage.setItem(organizationKey, language);
  } catch {
    return;
  }
  window.dispatchEvent(new Event(changed));
}

/** English until mounted, to match the server render; then currentLocale(), following the switch live. */
export function useLocale(): Locale {
  const [locale, setLocale] = useState<Locale>("en");
  useEffect(() => {
    const update = () => setLocale(currentLocale());
    update();
    window.addEventListener(changed, update);
    window.addEventListener("storage", update);
    return () => {
      window.removeEventListener(changed, update);
      window.removeEventListener("storage", update);
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return locale;
}

export function useT() {
  const dictionary = dictionaries[useLocale()];
  return (key: keyof Dictionary, values: Record<string, string> = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");
}
