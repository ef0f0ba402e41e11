"use client";
import { createTranslator } from "../../../client/i18n.ts";
import { useLocale } from "../../_lib/locale.ts";

/** This page's own words, kept here so the shared dashboard dictionary only names the section. */
const en = {
  title: "System",
  nodesTitle: "Serving nodes",
  intro:
    "A server process appears here the moment it is ready and leaves the moment it shuts down; one that stops without a word (crashed, killed, unplugged) drops off within 15 seconds. Load figures refresh every 5 seconds.",
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
  releasesTitle: "Widget releases",
  releasesIntro:
    "Each build of the chat panel is a release. Roll a candidate out to a share of devices first: a device's share is fixed by a hash of its id, so widening keeps the devices already on it. If the candidate's devices fail more often than stable's, it is rolled back on its own. Every change is in the audit log.",
  noReleases: "No release is registered yet. Releases appear when a node built with npm run build starts.",
  split: "Stable {stable} on {stablePercent} % of devices, candidate {candidate} on {candidatePercent} %",
  splitStableOnly: "Stable {stable} on every device; no candidate is rolled out",
  share: "Devices on it",
  devices: "Devices reporting",
  failingDevices: "Failing devices",
  errorRate: "Error rate",
  built: "Built",
  status_stable: "Stable",
  status_candidate: "Candidate",
  status_retired: "Retired",
  status_rolled_back: "Rolled back",
  rolledBackAuto:
    "Rolled back automatically {when}: {rate} of its {devices} reporting devices failed, more than stable's rate plus the margin.",
  rolledBackManual: "Rolled back by an admin {when}.",
  percentOfDevices: "% of devices",
  promote: "Promote",
  widen: "Widen",
  makeStable: "Make stable",
  rollBack: "Roll back",
};
const zhCN: typeof en = {
  title: "系统",
  nodesTitle: "服务节点",
  intro:
    "服务进程就绪后立即出现在这里，正常关闭时立即消失；未经通知就停止的进程（崩溃、被终止、断电）会在 15 秒内从列表中消失。负载数据每 5 秒刷新。",
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
  releasesTitle: "挂件版本",
  releasesIntro:
    "聊天面板的每次构建都是一个版本。先把候选版本发布给一部分设备：设备所在的分组由其 ID 的哈希决定，因此扩大比例时已在使用的设备会保留。如果候选版本的设备出错比稳定版更多，它会被自动回滚。每次变更都记录在审计日志中。",
  noReleases: "还没有登记任何版本。用 npm run build 构建的节点启动后，版本就会出现。",
  split: "稳定版 {stable} 覆盖 {stablePercent}% 的设备，候选版 {candidate} 覆盖 {candidatePercent}%",
  splitStableOnly: "所有设备使用稳定版 {stable}；没有正在发布的候选版",
  share: "覆盖设备",
  devices: "上报设备",
  failingDevices: "出错设备",
  errorRate: "错误率",
  built: "构建时间",
  status_stable: "稳定版",
  status_candidate: "候选版",
  status_retired: "已退役",
  status_rolled_back: "已回滚",
  rolledBackAuto: "已于 {when} 自动回滚：{devices} 台上报设备中 {rate} 出错，超过稳定版错误率加上容差。",
  rolledBackManual: "已于 {when} 由管理员回滚。",
  percentOfDevices: "设备比例 %",
  promote: "发布",
  widen: "扩大",
  makeStable: "设为稳定版",
  rollBack: "回滚",
};

export const systemDictionaries = { en, "zh-CN": zhCN };

export function useSystemT() {
  return createTranslator(systemDictionaries, useLocale());
}
