"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field, SavedText } from "../_components/ui";
import { linesOf, type BotT } from "./bot-i18n";
import { Button, Input, Textarea } from "@/app/_components/ui";

const modes = ["off", "faq", "llm"] as const;

/** Mode, name and avatar, the endpoint (the key is write-only), and the hand-off rules. */
export function BotConfigForm({ siteId, t }: { siteId: string; t: BotT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.admin.bot.get.queryOptions({ siteId }));
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.bot.save.mutationOptions({
      onSuccess: (data) => {
        setSaved(true);
        queryClient.setQueryData(trpc.admin.bot.get.queryKey({ siteId }), data);
      },
    }),
  );
  if (!config.data) return <ErrorText error={config.error} />;
  const { data } = config;
  const id = (name: string) => `bot-${name}`;

  return (
    <Card title={t("settings")}>
      <form
        key={JSON.stringify(data)}
        className="grid max-w-2xl gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const text = (name: string) => String(form.get(name) ?? "");
          const typedKey = text("apiKey");
          setSaved(false);
          save.mutate({
            siteId,
            mode: text("mode") as (typeof modes)[number],
            name: text("name"),
            avatarUrl: text("avatarUrl") || null,
            settings: {
              ...data.settings,
              faqThreshold: Number(text("faqThreshold")),
              lowConfidenceTurns: Number(text("lowConfidenceTurns")),
              vipAttribute: text("vipAttribute"),
              ruleKeywords: linesOf(text("ruleKeywords")),
              rulePages: linesOf(text("rulePages")),
              handoffMessage: text("handoffMessage"),
              unsureMessage: text("unsureMessage"),
              embeddingModel: text("embeddingModel"),
            },
            llm: {
              baseUrl: text("baseUrl"),
              model: text("model"),
              temperature: Number(text("temperature")),
              maxTokens: Number(text("maxTokens")),
              apiKey: form.get("removeKey") === "on" ? null : typedKey ? typedKey : undefined,
            },
          });
        }}
      >
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("mode")}</legend>
          <div className="flex flex-wrap gap-4">
            {modes.map((mode) => (
              <label key={mode} className="flex items-center gap-2 text-sm">
                <input type="radio" name="mode" value={mode} defaultChecked={data.mode === mode} />
                {t(`mode_${mode}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={id("name")} label={t("botName")}>
            <Input id={id("name")} name="name" required maxLength={80} defaultValue={data.name} />
          </Field>
          <Field id={id("avatarUrl")} label={t("avatarUrl")}>
            <Input id={id("avatarUrl")} name="avatarUrl" type="url" maxLength={2048} defaultValue={data.avatarUrl ?? ""} />
          </Field>
        </div>
        <fieldset className="space-y-3 rounded-card p-3 ring-1 ring-line">
          <legend className="px-1 text-sm font-medium">{t("endpoint")}</legend>
          <p className="text-xs text-muted">{t("endpointHelp")}</p>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id={id("baseUrl")} label={t("baseUrl")}>
              <Input
                id={id("baseUrl")}
                name="baseUrl"
                type="url"
                maxLength={2048}
                placeholder="https://api.deepseek.com/v1"
                defaultValue={data.llm.baseUrl}
              />
            </Field>
            <Field id={id("model")} label={t("model")}>
              <Input id={id("model")} name="model" maxLength={120} placeholder="deepseek-chat" defaultValue={data.llm.model} />
            </Field>
            <Field id={id("apiKey")} label={t("apiKey")}>
              <Input
                id={id("apiKey")}
                name="apiKey"
                type="password"
                autoComplete="off"
                maxLength={500}
                aria-describedby={data.llm.hasApiKey ? id("apiKeyHelp") : undefined}
              />
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field id={id("temperature")} label={t("temperature")}>
                <Input
                  id={id("temperature")}
                  name="temperature"
                  type="number"
                  min={0}
                  max={2}
                  step={0.1}
                  defaultValue={data.llm.temperature}
                />
              </Field>
              <Field id={id("maxTokens")} label={t("maxTokens")}>
                <Input id={id("maxTokens")} name="maxTokens" type="number" min={16} max={8192} defaultValue={data.llm.maxTokens} />
              </Field>
            </div>
            <Field id={id("embeddingModel")} label={t("embeddingModel")}>
              <Input
                id={id("embeddingModel")}
                name="embeddingModel"
                maxLength={100}
                placeholder="text-embedding-3-small"
                defaultValue={data.settings.embeddingModel}
              />
            </Field>
          </div>
          {data.llm.hasApiKey && (
            <div className="flex flex-wrap items-center gap-4 text-xs">
              <p id={id("apiKeyHelp")} className="text-muted">
                {t("apiKeyStored")}
              </p>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="removeKey" /> {t("removeKey")}
              </label>
            </div>
          )}
        </fieldset>
        <fieldset className="space-y-3 rounded-card p-3 ring-1 ring-line">
          <legend className="px-1 text-sm font-medium">{t("handoff")}</legend>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field id={id("faqThreshold")} label={t("faqThreshold")}>
              <Input
                id={id("faqThreshold")}
                name="faqThreshold"
                type="number"
                min={0}
                max={1}
                step={0.05}
                defaultValue={data.settings.faqThreshold}
              />
            </Field>
            <Field id={id("lowConfidenceTurns")} label={t("lowConfidenceTurns")}>
              <Input
                id={id("lowConfidenceTurns")}
                name="lowConfidenceTurns"
                type="number"
                min={1}
                max={20}
                defaultValue={data.settings.lowConfidenceTurns}
              />
            </Field>
            <Field id={id("vipAttribute")} label={t("vipAttribute")}>
              <Input id={id("vipAttribute")} name="vipAttribute" maxLength={40} defaultValue={data.settings.vipAttribute} />
            </Field>
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id={id("ruleKeywords")} label={t("ruleKeywords")}>
              <Textarea id={id("ruleKeywords")} name="ruleKeywords" rows={3} defaultValue={data.settings.ruleKeywords.join("\n")} />
            </Field>
            <Field id={id("rulePages")} label={t("rulePages")}>
              <Textarea id={id("rulePages")} name="rulePages" rows={3} defaultValue={data.settings.rulePages.join("\n")} />
            </Field>
          </div>
          <Field id={id("handoffMessage")} label={t("handoffMessage")}>
            <Input id={id("handoffMessage")} name="handoffMessage" maxLength={300} defaultValue={data.settings.handoffMessage} />
          </Field>
          <Field id={id("unsureMessage")} label={t("unsureMessage")}>
            <Input id={id("unsureMessage")} name="unsureMessage" maxLength={300} defaultValue={data.settings.unsureMessage} />
          </Field>
        </fieldset>
        <ErrorText error={save.error} />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {t("save")}
          </Button>
          <SavedText show={saved} text={t("saved")} />
        </div>
      </form>
    </Card>
  );
}
