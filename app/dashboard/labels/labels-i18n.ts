"use client";
import { createTranslator } from "../../../client/i18n.ts";
import { useLocale } from "../../_lib/locale.ts";

/** This page's own words, kept here so the shared dashboard dictionary only names the section. */
const en = {
  title: "Conversation labels",
  intro: "Agents put labels on conversations from the inbox's side panel and filter the list by them.",
  newLabel: "New label",
  name: "Name",
  color: "Color",
  create: "Create",
  save: "Save",
  delete: "Delete",
  none: "No labels yet.",
  existing: "Labels",
  saved: "Saved",
};
const zhCN: typeof en = {
  title: "会话标签",
  intro: "客服可以在收件箱侧栏为会话加标签，并按标签筛选列表。",
  newLabel: "新建标签",
  name: "名称",
  color: "颜色",
  create: "创建",
  save: "保存",
  delete: "删除",
  none: "还没有标签。",
  existing: "已有标签",
  saved: "已保存",
};

export const labelsDictionaries = { en, "zh-CN": zhCN };

export function useLabelsT() {
  return createTranslator(labelsDictionaries, useLocale());
}
