"use client";
import { createTranslator } from "../../../client/i18n.ts";
import { useLocale } from "../../_lib/locale.ts";

/** This page's own words, kept here so the shared dashboard dictionary only names the section. */
const en = {
  title: "Canned responses",
  intro:
    "Shared with every agent of the organization: in the inbox they type / and the shortcut to insert one. {{visitor.name}}, {{visitor.email}} and {{agent.name}} are filled in. Agents keep their personal ones in the inbox.",
  newCanned: "New canned response",
  shortcut: "Shortcut",
  shortcutHint: "Letters, digits, - and _; agents type /shortcut.",
  titleField: "Title",
  body: "Text",
  create: "Create",
  save: "Save",
  cancel: "Cancel",
  edit: "Edit",
  delete: "Delete",
  confirmDelete: "Delete for everyone",
  search: "Search shortcut, title or text",
  none: "No shared canned responses yet.",
  noMatch: "Nothing matches this search.",
  existing: "Shared canned responses",
  count: "{n} shown",
  saved: "Saved",
  updated: "Updated {date}",
};
const zhCN: typeof en = {
  title: "快捷回复",
  intro:
    "与组织内所有客服共享：客服在收件箱输入 / 加快捷键即可插入。{{visitor.name}}、{{visitor.email}}、{{agent.name}} 会自动填入。客服的个人快捷回复仍在收件箱中管理。",
  newCanned: "新建快捷回复",
  shortcut: "快捷键",
  shortcutHint: "字母、数字、- 和 _；客服输入 /快捷键。",
  titleField: "标题",
  body: "内容",
  create: "创建",
  save: "保存",
  cancel: "取消",
  edit: "编辑",
  delete: "删除",
  confirmDelete: "为所有人删除",
  search: "搜索快捷键、标题或内容",
  none: "还没有共享的快捷回复。",
  noMatch: "没有匹配的快捷回复。",
  existing: "共享的快捷回复",
  count: "显示 {n} 条",
  saved: "已保存",
  updated: "更新于 {date}",
};

export type CannedKey = keyof typeof en;

export const cannedDictionaries = { en, "zh-CN": zhCN };

export function useCannedT() {
  return createTranslator(cannedDictionaries, useLocale());
}
