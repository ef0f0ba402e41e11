"use client";
import { createTranslator } from "../../../client/i18n.ts";
import { useLocale } from "../../_lib/locale.ts";

/** How an audit line reads: verbs and kinds of things in words, not `site.widget_update` and `api_token`. */
const en = {
  create: "Created",
  update: "Updated",
  delete: "Deleted",
  revoke: "Revoked",
  accept: "Accepted",
  deactivate: "Deactivated",
  reactivate: "Reactivated",
  reorder: "Reordered",
  configure: "Configured",
  widget_update: "Changed the widget of",
  identity_secret_rotate: "Rotated the identity secret of",
  capacity_override: "Assigned over capacity",
  document_delete: "Deleted a document of",
  faq_delete: "Deleted an FAQ of",
  role_change: "Changed the role of",
  type_site: "site",
  type_team: "team",
  type_user: "agent",
  type_label: "label",
  type_api_token: "API token",
  type_webhook: "webhook",
  type_canned_response: "canned response",
  type_invitation: "invitation",
  type_organization: "organization",
  type_routing_rule: "routing rule",
  type_bot_document: "bot document",
  type_bot_faq: "bot FAQ",
  type_conversation: "conversation",
  yes: "yes",
  no: "no",
  none: "(none)",
  deleted: "(deleted)",
};
const zhCN: typeof en = {
  create: "创建了",
  update: "修改了",
  delete: "删除了",
  revoke: "撤销了",
  accept: "接受了",
  deactivate: "停用了",
  reactivate: "重新启用了",
  reorder: "调整了顺序：",
  configure: "配置了",
  widget_update: "修改了聊天组件：",
  identity_secret_rotate: "更换了身份密钥：",
  capacity_override: "超出容量分配了",
  document_delete: "删除了文档：",
  faq_delete: "删除了常见问题：",
  role_change: "修改了角色：",
  type_site: "站点",
  type_team: "团队",
  type_user: "客服",
  type_label: "标签",
  type_api_token: "API 令牌",
  type_webhook: "Webhook",
  type_canned_response: "快捷回复",
  type_invitation: "邀请",
  type_organization: "组织",
  type_routing_rule: "路由规则",
  type_bot_document: "机器人文档",
  type_bot_faq: "机器人常见问题",
  type_conversation: "会话",
  yes: "是",
  no: "否",
  none: "（无）",
  deleted: "（已删除）",
};
export type AuditWord = keyof typeof en;
export const auditDictionaries = { en, "zh-CN": zhCN };

export function useAuditWords() {
  return createTranslator(auditDictionaries, useLocale());
}
