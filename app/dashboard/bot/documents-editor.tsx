"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";
import { buttonClass, Card, dangerButtonClass, ErrorText, Field, inputClass } from "../_components/ui";
import type { BotT } from "./bot-i18n";

/** Pasted text or Markdown the bot answers from; chunked and indexed on the server. */
export function DocumentsEditor({ siteId, t }: { siteId: string; t: BotT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const documents = useQuery(trpc.admin.bot.documents.list.queryOptions({ siteId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.bot.documents.list.queryKey({ siteId }) });
  const save = useMutation(trpc.admin.bot.documents.save.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.admin.bot.documents.delete.mutationOptions({ onSuccess: refresh }));

  return (
    <Card title={t("documents")}>
      <ErrorText error={documents.error ?? remove.error} />
      {documents.data?.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t("empty")}</p>}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {documents.data?.map((document) => (
          <li key={document.id} data-testid="document-row" className="flex items-center justify-between gap-3 py-2 text-sm">
            <span className="min-w-0 truncate">
              <span className="font-medium">{document.title}</span>{" "}
              <span className="text-slate-500">({t("characters", { count: String(document.body.length) })})</span>
            </span>
            <button type="button" className={dangerButtonClass} onClick={() => remove.mutate({ id: document.id })}>{t("delete")}</button>
          </li>
        ))}
      </ul>
      <form
        className="grid max-w-2xl gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const formElement = event.currentTarget;
          const form = new FormData(formElement);
          save.mutate({ siteId, title: String(form.get("title")), body: String(form.get("body")) }, { onSuccess: () => formElement.reset() });
        }}
      >
        <Field id="doc-title" label={t("docTitle")}>
          <input id="doc-title" name="title" required maxLength={200} className={inputClass} />
        </Field>
        <Field id="doc-body" label={t("docBody")}>
          <textarea id="doc-body" name="body" rows={6} required maxLength={200_000} className={`${inputClass} font-mono`} />
        </Field>
        <ErrorText error={save.error} />
        <div>
          <button type="submit" disabled={save.isPending} className={buttonClass}>{t("addDocument")}</button>
        </div>
      </form>
    </Card>
  );
}
