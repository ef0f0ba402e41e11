"use client";
import type { WidgetSettings } from "@/server/contracts/widget-settings";
import { Card, controlClass } from "../../../_components/ui";
import type { SettingsProps } from "./appearance-fields";
import { Button, Input, Select } from "@/app/_components/ui";

type PreChatField = WidgetSettings["preChat"]["fields"][number];
const fieldTypes = ["name", "email", "phone", "text"] as const;
const maxFields = 6;
const smallButton = "px-2 py-1 text-xs";

/** A key not taken yet, so a new question never collides with another. */
function freeKey(fields: PreChatField[]): string {
  for (let n = fields.length + 1; ; n++) if (!fields.some((field) => field.key === `question_${n}`)) return `question_${n}`;
}

/** The questions asked before the first message: switch, then up to six fields to add, remove, reorder and edit. */
export function PreChatEditor({ draft, change, t }: SettingsProps) {
  const { enabled, fields } = draft.preChat;
  const setFields = (next: PreChatField[]) => change({ preChat: { enabled, fields: next } });
  const edit = (index: number, patch: Partial<PreChatField>) =>
    setFields(fields.map((field, at) => (at === index ? { ...field, ...patch } : field)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...fields];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    setFields(next);
  };

  return (
    <Card title={t("preChat")}>
      <div className="grid gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            role="switch"
            aria-checked={enabled}
            className="h-4 w-4"
            checked={enabled}
            onChange={(event) => change({ preChat: { enabled: event.target.checked, fields } })}
          />
          {t("preChatEnabled")}
        </label>
        <p className="text-xs text-muted">{t("preChatHelp")}</p>
        <ol className="grid gap-3">
          {fields.map((field, index) => {
            const n = index + 1;
            const id = (part: string) => `prechat-${index}-${part}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a field's own key is what is being typed; the inputs are controlled, so no state follows the index
              <li key={index} data-testid="prechat-field" className="rounded-card p-3 ring-1 ring-line">
                <fieldset className="grid gap-2 sm:grid-cols-[1fr_1.5fr_auto]">
                  <legend className="mb-1 text-sm font-medium">{t("field", { n })}</legend>
                  <div className="space-y-1">
                    <label htmlFor={id("key")} className="block text-xs">
                      {t("fieldKey")}
                    </label>
                    <input
                      id={id("key")}
                      value={field.key}
                      maxLength={40}
                      spellCheck={false}
                      onChange={(event) => edit(index, { key: event.target.value.trim() })}
                      className={`w-full font-mono ${controlClass}`}
                    />
                  </div>
                  <div className="space-y-1">
                    <label htmlFor={id("label")} className="block text-xs">
                      {t("fieldLabel")}
                    </label>
                    <Input
                      id={id("label")}
                      value={field.label}
                      maxLength={80}
                      onChange={(event) => edit(index, { label: event.target.value })}
                    />
                  </div>
                  <div className="space-y-1">
                    <label htmlFor={id("type")} className="block text-xs">
                      {t("fieldType")}
                    </label>
                    <Select
                      id={id("type")}
                      value={field.type}
                      onChange={(event) => edit(index, { type: event.target.value as PreChatField["type"] })}
                    >
                      {fieldTypes.map((type) => (
                        <option key={type} value={type}>
                          {t(`type_${type}`)}
                        </option>
                      ))}
                    </Select>
                  </div>
                </fieldset>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  <label className="mr-auto flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      checked={field.required}
                      onChange={(event) => edit(index, { required: event.target.checked })}
                    />
                    {t("required")}
                  </label>
                  <Button
                    variant="secondary"
                    className={smallButton}
                    disabled={index === 0}
                    aria-label={t("moveUp", { n })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="secondary"
                    className={smallButton}
                    disabled={index === fields.length - 1}
                    aria-label={t("moveDown", { n })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    variant="secondary"
                    className={smallButton}
                    aria-label={t("removeField", { n })}
                    onClick={() => setFields(fields.filter((_, at) => at !== index))}
                  >
                    ✕
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <div>
          <Button
            variant="secondary"
            type="button"
            disabled={fields.length >= maxFields}
            onClick={() => setFields([...fields, { key: freeKey(fields), label: "", type: "text", required: false }])}
          >
            {t("addField")}
          </Button>
        </div>
      </div>
    </Card>
  );
}
