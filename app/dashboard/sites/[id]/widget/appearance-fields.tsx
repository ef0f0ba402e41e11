"use client";
import type { WidgetSettings } from "@/server/contracts/widget-settings";
import { Card, Field, inputClass } from "../../../_components/ui";
import type { WidgetT } from "./widget-i18n";
import { Input, Textarea } from "@/app/_components/ui";

export type SettingsProps = { draft: WidgetSettings; change: (patch: Partial<WidgetSettings>) => void; t: WidgetT };

const hexColor = /^#[0-9a-fA-F]{6}$/;

function Help({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="text-xs text-muted">
      {text}
    </p>
  );
}

/** Color, position and the words and face the widget shows. */
export function AppearanceFields({ draft, change, t }: SettingsProps) {
  return (
    <Card title={t("appearance")}>
      <div className="grid gap-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor="widget-color-picker" className="block text-sm font-medium">
              {t("color")}
            </label>
            <input
              id="widget-color-picker"
              type="color"
              value={hexColor.test(draft.color) ? draft.color.toLowerCase() : "#000000"}
              onChange={(event) => change({ color: event.target.value })}
              className="h-10 w-14 cursor-pointer rounded-control border border-line bg-surface p-1 focus-visible:outline-2 focus-visible:outline-accent"
            />
          </div>
          <div className="w-36 space-y-1">
            <label htmlFor="widget-color" className="block text-sm font-medium">
              {t("colorHex")}
            </label>
            <Input
              id="widget-color"
              value={draft.color}
              maxLength={7}
              spellCheck={false}
              onChange={(event) => change({ color: event.target.value.trim() })}
              className="font-mono"
            />
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{t("position")}</legend>
            <div className="flex gap-3 py-2 text-sm">
              {(["right", "left"] as const).map((position) => (
                <label key={position} className="flex items-center gap-1.5">
                  <input type="radio" name="widget-position" checked={draft.position === position} onChange={() => change({ position })} />
                  {t(`position_${position}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="space-y-1">
          <label htmlFor="widget-greeting" className="block text-sm font-medium">
            {t("greeting")}
          </label>
          <Textarea
            id="widget-greeting"
            rows={2}
            maxLength={300}
            aria-describedby="widget-greeting-help"
            value={draft.greeting}
            onChange={(event) => change({ greeting: event.target.value })}
          />
          <Help id="widget-greeting-help" text={t("greetingHelp")} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="widget-launcher" label={t("launcherText")}>
            <Input
              id="widget-launcher"
              maxLength={40}
              value={draft.launcherText}
              onChange={(event) => change({ launcherText: event.target.value })}
            />
          </Field>
          <div className="space-y-1">
            <label htmlFor="widget-agent-name" className="block text-sm font-medium">
              {t("agentName")}
            </label>
            <Input
              id="widget-agent-name"
              maxLength={80}
              aria-describedby="widget-agent-name-help"
              value={draft.agentName}
              onChange={(event) => change({ agentName: event.target.value })}
            />
            <Help id="widget-agent-name-help" text={t("agentNameHelp")} />
          </div>
        </div>
        <Field id="widget-avatar" label={t("avatarUrl")}>
          <Input
            id="widget-avatar"
            type="url"
            inputMode="url"
            maxLength={2048}
            placeholder="https://"
            value={draft.agentAvatarUrl}
            onChange={(event) => change({ agentAvatarUrl: event.target.value.trim() })}
          />
        </Field>
        <div className="space-y-1">
          <label htmlFor="widget-offline" className="block text-sm font-medium">
            {t("offlineMessage")}
          </label>
          <Textarea
            id="widget-offline"
            rows={2}
            maxLength={500}
            aria-describedby="widget-offline-help"
            value={draft.offlineMessage}
            onChange={(event) => change({ offlineMessage: event.target.value })}
          />
          <Help id="widget-offline-help" text={t("offlineMessageHelp")} />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("behaviour")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              role="switch"
              aria-checked={draft.draftPreview}
              checked={draft.draftPreview}
              onChange={(event) => change({ draftPreview: event.target.checked })}
              className="h-4 w-4"
            />
            {t("draftPreview")}
          </label>
          <div className="space-y-1">
            <label htmlFor="widget-new-conversation" className="block text-sm">
              {t("newConversationAfter")}
            </label>
            <input
              id="widget-new-conversation"
              type="number"
              min={0}
              max={720}
              step={0.5}
              aria-describedby="widget-new-conversation-help"
              value={draft.newConversationAfterMinutes / 60}
              onChange={(event) =>
                change({ newConversationAfterMinutes: Math.min(43_200, Math.max(0, Math.round(Number(event.target.value) * 60) || 0)) })
              }
              className={`${inputClass} w-28`}
            />
            <Help id="widget-new-conversation-help" text={t("newConversationAfterHelp")} />
          </div>
        </fieldset>
      </div>
    </Card>
  );
}
