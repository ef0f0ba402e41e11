"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field } from "../_components/ui";
import type { BotT } from "./bot-i18n";
import { Button, Input, Textarea } from "@/app/_components/ui";

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
      {documents.data?.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}
      <ul className="divide-y divide-line">
        {documents.data?.map((document) => (
          <li key={document.id} data-testid="document-row" className="flex items-center justify-between gap-3 py-2 text-sm">
            <span className="min-w-0 truncate">
              <span className="font-medium">{document.title}</span>{" "}
              <span className="text-muted">({t("characters", { count: String(document.body.length) })})</span>
            </span>
            <Button variant="danger" type="button" onClick={() => remove.mutate({ id: document.id })}>
              {t("delete")}
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="grid max-w-2xl gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const formElement = event.currentTarget;
          const form = new FormData(formElement);
          save.mutate(
            { siteId, title: String(form.get("title")), body: String(form.get("body")) },
            { onSuccess: () => formElement.reset() },
          );
        }}
      >
        <Field id="doc-title" label={t("docTitle")}>
          <Input id="doc-title" name="title" required maxLength={200} />
        </Field>
        <Field id="doc-body" label={t("docBody")}>
          <Textarea id="doc-body" name="body" rows={6} required maxLength={200_000} className="font-mono" />
        </Field>
        <ErrorText error={save.error} />
        <div>
          <Button type="submit" disabled={save.isPending}>
            {t("addDocument")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
