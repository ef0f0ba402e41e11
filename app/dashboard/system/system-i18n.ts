"use client";
import { createTranslator } from "../../../client/i18n.ts";
import { useLocale } from "../../_lib/locale.ts";

/** This page's own words, kept here so the shared dashboard dictionary only names the section. */
const en = {
  title: "System",
  nodesTitle: "Serving nodes",
  intro: "A server process appears here the moment it is ready and leaves the moment it shuts down; one that stops without a word (crashed, killed, unplugged) drops off within 15 seconds. Load figures refresh every 5 seconds.",
  node: "Node",
  address: "Address",
  pid: "PID",
  started: "Started",
  connections: "Connections",
  eventLoop: "Event loop busy",
  memory: "Memory",
  lastSeen: "Last announced",
  none: "No node has announced itself. Is the registry reachable?",
  total: "{nodes} nodes, {connections} open connections",
  totalOne: "1 node, {connections} open connections",
};
const zhCN: typeof en = {
  title: "系统",
  nodesTitle: "服务节点",
  intro: "服务进程就绪后立即出现在这里，正常关闭时立即消失；未经通知就停止的进程（崩溃、被终止、断电）会在 15 秒内从列表中消失。负载数据每 5 秒刷新。",
  node: "节点",
  address: "地址",
  pid: "进程号",
  started: "启动时间",
  connections: "连接数",
  eventLoop: "事件循环占用",
  memory: "内存",
  lastSeen: "最近报告",
  none: "没有节点报告状态。注册表是否可以访问？",
  total: "{nodes} 个节点，{connections} 个在线连接",
  totalOne: "1 个节点，{connections} 个在线连接",
};

export const systemDictionaries = { en, "zh-CN": zhCN };

export function useSystemT() {
  return createTranslator(systemDictionaries, useLocale());
}
