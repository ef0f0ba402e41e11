"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import type { WidgetSettings } from "@/server/contracts/widget-settings";
import { useTRPC } from "@/app/_lib/trpc";
import { ErrorText, SavedText } from "../../../_components/ui";
import { AppearanceFields } from "./appearance-fields";
import { LocaleTextsFields } from "./locale-texts-fields";
import { AttachmentFields } from "./attachment-fields";
import { IdentitySecret } from "./identity-secret";
import { PreChatEditor } from "./prechat-editor";
import { WidgetPreview } from "./widget-preview";
import { useWidgetT } from "./widget-i18n";
import { Button } from "@/app/_components/ui";

/** Dashboard → Sites → Widget: the site's widget settings beside a live preview of the real widget, saved together. */
export default function WidgetSettingsPage() {
  const t = useWidgetT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const siteId = useParams<{ id: string }>().id;
  const widget = useQuery(trpc.admin.widget.get.queryOptions({ siteId }));
  const [draft, setDraft] = useState<WidgetSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.widget.update.mutationOptions({
      onSuccess: (data) => {
        setSaved(true);
        setDraft(data.settings);
        queryClient.setQueryData(trpc.admin.widget.get.queryKey({ siteId }), data);
      },
    }),
  );
  if (!widget.data) return <ErrorText error={widget.error} />;
  const current = draft ?? widget.data.settings;
  const dirty = JSON.stringify(current) !== JSON.stringify(widget.data.settings);
  const change = (patch: Partial<WidgetSettings>) => {
    setSaved(false);
    setDraft({ ...current, ...patch });
  };
  const props = { draft: current, change, t };

  return (
    <>
      <Link
        href="/dashboard/sites"
        className="text-sm text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent dark:text-indigo-300"
      >
        {t("backToSites")}
      </Link>
      <h1 className="text-2xl font-bold">{t("title", { site: widget.data.siteName })}</h1>
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_522px]">
        <form
          className="grid gap-6"
          onSubmit={(event) => {
            event.preventDefault();
            setSaved(false);
            save.mutate({ siteId, settings: current });
          }}
        >
          <AppearanceFields {...props} />
          <LocaleTextsFields {...props} />
          <PreChatEditor {...props} />
          <AttachmentFields {...props} />
          {/* In the flow, not sticky: a floating bar covered the pre-chat card's last fields while scrolling. */}
          <div
            data-testid="widget-save-bar"
            className="flex flex-wrap items-center gap-3 rounded-card bg-surface p-3 shadow-sm ring-1 ring-line"
          >
            <Button type="submit" disabled={save.isPending}>
              {t("save")}
            </Button>
            <SavedText show={saved && !dirty} text={t("saved")} />
            {dirty && <span className="text-sm text-muted">{t("unsaved")}</span>}
            <ErrorText error={save.error} />
          </div>
          <IdentitySecret siteId={siteId} isSet={widget.data.identitySecretSet} t={t} />
        </form>
        <div className="xl:sticky xl:top-4">
          <WidgetPreview siteKey={widget.data.siteKey} draft={current} t={t} />
        </div>
      </div>
    </>
  );
}
