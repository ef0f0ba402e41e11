import type { Locale } from "../protocol.ts";

const en = {
  online: "We reply in a few minutes",
  offline: "We're away — leave a message and we'll reply here",
  close: "Close chat",
  sound: "Sound on new messages",
  messages: "Messages",
  placeholder: "Type your message…",
  composerLabel: "Write a message",
  send: "Send",
  sending: "Sending…",
  sent: "Sent",
  read: "Read",
  failed: "Not sent",
  typing: "Typing…",
  reconnecting: "Reconnecting…",
  loadingOlder: "Loading earlier messages…",
  you: "You",
  team: "Team",
  bot: "Bot",
  welcome: "Hi! How can we help?",
  eventAssigned: "An agent joined the conversation",
  eventResolved: "Conversation resolved",
  eventQueued: "Waiting for an agent",
};

const zhCN: typeof en = {
  online: "我们通常几分钟内回复",
  offline: "我们暂时不在线 — 请留言，我们会在这里回复您",
  close: "关闭聊天",
  sound: "新消息提示音",
  messages: "聊天记录",
  placeholder: "输入消息…",
  composerLabel: "写消息",
  send: "发送",
  sending: "发送中…",
  sent: "已发送",
  read: "已读",
  failed: "发送失败",
  typing: "正在输入…",
  reconnecting: "正在重新连接…",
  loadingOlder: "正在加载更早的消息…",
  you: "我",
  team: "客服",
  bot: "机器人",
  welcome: "您好！有什么可以帮您？",
  eventAssigned: "客服已加入会话",
  eventResolved: "会话已结束",
  eventQueued: "正在等待客服",
};

export type Words = typeof en;
export const panelWords: Record<Locale, Words> = { en, "zh-CN": zhCN };
