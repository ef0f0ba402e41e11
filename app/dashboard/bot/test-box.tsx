"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field } from "../_components/ui";
import type { BotT } from "./bot-i18n";
import { Button, Input } from "@/app/_components/ui";

/** Asks the bot as a visitor would (saved settings and knowledge), without a conversation. */
export function TestBox({ siteId, t }: { siteId: string; t: BotT }) {
  const trpc = useTRPC();
  const ask = useMutation(trpc.admin.bot.test.mutationOptions());
  const result = ask.data;

  return (
    <Card title={t("test")}>
      <form
        className="flex max-w-2xl flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          ask.mutate({ siteId, question: String(new FormData(event.currentTarget).get("question")) });
        }}
      >
        <div className="min-w-0 flex-1">
          <Field id="bot-test-question" label={t("question")}>
            <Input id="bot-test-question" name="question" required maxLength={5000} />
          </Field>
        </div>
        <Button type="submit" disabled={ask.isPending}>
          {t("ask")}
        </Button>
      </form>
      <ErrorText error={ask.error} />
      <div aria-live="polite">
        {result && (
          <div data-testid="bot-test-result" className="max-w-2xl space-y-1 rounded-card bg-surface-muted p-3 text-sm ring-1 ring-line">
            <p className="text-xs font-semibold uppercase tracking-wide text-accent">{t(`source_${result.source}`)}</p>
            <p className="whitespace-pre-wrap">{result.answer}</p>
            <p className="text-xs text-muted">{t("confidence", { value: result.confidence.toFixed(2) })}</p>
          </div>
        )}
      </div>
    </Card>
  );
}
