"use client";
import { useState } from "react";
import { localeNames } from "@/client/i18n";
import { Input, Tabs, Textarea } from "@/app/_components/ui";
import { widgetTextLocales, type LocaleTexts, type WidgetTextLocale } from "@/server/contracts/widget-settings";
import { Card } from "../../../_components/ui";
import type { SettingsProps } from "./appearance-fields";

/**
 * Greeting, launcher text and offline message in each language the widget speaks: a visitor whose browser is in that
 * language sees these; an empty field falls back to the site-wide text above (shown as the placeholder).
 */
export function LocaleTextsFields({ draft, change, t }: SettingsProps) {
  const set = (locale: WidgetTextLocale, patch: LocaleTexts) =>
    change({ texts: { ...draft.texts, [locale]: { ...draft.texts[locale], ...patch } } });
  const [shown, setShown] = useState<WidgetTextLocale>("zh-CN");
  return (
    <Card title={t("perLanguage")}>
      <p className="text-sm text-muted">{t("perLanguageHelp")}</p>
      <Tabs
        label={t("perLanguage")}
        tabs={widgetTextLocales.map((locale) => ({ value: locale, label: localeNames[locale] }))}
        value={shown}
        onChange={setShown}
      />
      <div>
        {widgetTextLocales
          .filter((locale) => locale === shown)
          .map((locale) => {
            const texts = draft.texts[locale] ?? {};
            const id = `widget-texts-${locale}`;
            return (
              <fieldset key={locale} role="tabpanel" className="space-y-2 rounded-control border border-line p-3" data-testid={id}>
                <legend className="px-1 text-sm font-medium">{localeNames[locale]}</legend>
                <label htmlFor={`${id}-greeting`} className="block text-sm">
                  {t("greeting")} · {localeNames[locale]}
                </label>
                <Textarea
                  id={`${id}-greeting`}
                  rows={2}
                  maxLength={300}
                  placeholder={draft.greeting}
                  value={texts.greeting ?? ""}
                  onChange={(event) => set(locale, { greeting: event.target.value })}
                />
                <label htmlFor={`${id}-launcher`} className="block text-sm">
                  {t("launcherText")} · {localeNames[locale]}
                </label>
                <Input
                  id={`${id}-launcher`}
                  maxLength={40}
                  placeholder={draft.launcherText}
                  value={texts.launcherText ?? ""}
                  onChange={(event) => set(locale, { launcherText: event.target.value })}
                />
                <label htmlFor={`${id}-offline`} className="block text-sm">
                  {t("offlineMessage")} · {localeNames[locale]}
                </label>
                <Textarea
                  id={`${id}-offline`}
                  rows={2}
                  maxLength={500}
                  placeholder={draft.offlineMessage}
                  value={texts.offlineMessage ?? ""}
                  onChange={(event) => set(locale, { offlineMessage: event.target.value })}
                />
              </fieldset>
            );
          })}
      </div>
    </Card>
  );
}
