"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field } from "../_components/ui";
import { linesOf, type BotT } from "./bot-i18n";
import { Button, Textarea } from "@/app/_components/ui";

/** FAQ entries: several ways of asking, one answer. Editing one fills the form below. */
export function FaqEditor({ siteId, t }: { siteId: string; t: BotT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const faqs = useQuery(trpc.admin.bot.faqs.list.queryOptions({ siteId }));
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.bot.faqs.list.queryKey({ siteId }) });
  const save = useMutation(
    trpc.admin.bot.faqs.save.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        refresh();
      },
    }),
  );
  const remove = useMutation(trpc.admin.bot.faqs.delete.mutationOptions({ onSuccess: refresh }));
  const current = faqs.data?.find((faq) => faq.id === editing);

  return (
    <Card title={t("faqs")}>
      <ErrorText error={faqs.error ?? remove.error} />
      {faqs.data?.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}
      <ul className="divide-y divide-line">
        {faqs.data?.map((faq) => (
          <li key={faq.id} data-testid="faq-row" className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium">{faq.questions.join(" · ")}</p>
              <p className="whitespace-pre-wrap text-muted">{faq.answer}</p>
            </div>
            <div className="flex gap-2">
              <Button variant="secondary" type="button" onClick={() => setEditing(faq.id)}>
                {t("edit")}
              </Button>
              <Button variant="danger" type="button" onClick={() => remove.mutate({ id: faq.id })}>
                {t("delete")}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <form
        key={editing ?? "new"}
        className="grid max-w-2xl gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const formElement = event.currentTarget;
          const form = new FormData(formElement);
          save.mutate(
            { id: editing ?? undefined, siteId, questions: linesOf(String(form.get("questions"))), answer: String(form.get("answer")) },
            { onSuccess: () => formElement.reset() },
          );
        }}
      >
        <Field id="faq-questions" label={t("questions")}>
          <Textarea id="faq-questions" name="questions" rows={3} required defaultValue={current?.questions.join("\n")} />
        </Field>
        <Field id="faq-answer" label={t("answer")}>
          <Textarea id="faq-answer" name="answer" rows={3} required maxLength={4000} defaultValue={current?.answer} />
        </Field>
        <ErrorText error={save.error} />
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending}>
            {editing ? t("save") : t("addFaq")}
          </Button>
          {editing && (
            <Button variant="secondary" type="button" onClick={() => setEditing(null)}>
              {t("cancel")}
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
