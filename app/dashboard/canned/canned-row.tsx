"use client";
import { formatDateTime } from "../../../client/format-time.ts";
import { useLocale } from "../../_lib/locale.ts";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { SharedCannedView } from "@/server/contracts/inbox";
import { useTRPC } from "@/app/_lib/trpc";
import { ErrorText } from "../_components/ui";
import { CannedFields, readCannedForm } from "./canned-form";
import { useCannedT } from "./canned-i18n";
import { Button } from "@/app/_components/ui";

/** One shared canned response: read, edit in place, or delete (after a second, explicit click). */
export function CannedRow({ canned, onChanged }: { canned: SharedCannedView; onChanged: () => void }) {
  const t = useCannedT();
  const locale = useLocale();
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.admin.canned.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        onChanged();
      },
    }),
  );
  const remove = useMutation(trpc.admin.canned.delete.mutationOptions({ onSuccess: onChanged }));

  if (editing) {
    return (
      <li className="py-3">
        <form
          aria-label={`${t("edit")} /${canned.shortcut}`}
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate({ id: canned.id, ...readCannedForm(event.currentTarget) });
          }}
        >
          <CannedFields idPrefix={`canned-${canned.id}`} initial={canned} />
          <div className="flex gap-2">
            <Button type="submit" disabled={update.isPending}>
              {t("save")}
            </Button>
            <Button
              variant="secondary"
              type="button"
              onClick={() => {
                setEditing(false);
                update.reset();
              }}
            >
              {t("cancel")}
            </Button>
          </div>
          <ErrorText error={update.error} />
        </form>
      </li>
    );
  }
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="canned-row">
      <div className="min-w-0 flex-1 space-y-1">
        <p>
          <span className="font-mono text-sm text-accent">/{canned.shortcut}</span> <span className="font-medium">{canned.title}</span>
        </p>
        <p className="whitespace-pre-wrap break-words text-sm text-muted">{canned.body}</p>
        <p className="text-xs text-muted">{t("updated", { date: formatDateTime(canned.updatedAt, locale) })}</p>
      </div>
      <div className="flex shrink-0 gap-2">
        <Button
          variant="secondary"
          type="button"
          aria-label={`${t("edit")} /${canned.shortcut}`}
          onClick={() => {
            setEditing(true);
            setConfirming(false);
          }}
        >
          {t("edit")}
        </Button>
        {confirming ? (
          <Button variant="danger" type="button" disabled={remove.isPending} onClick={() => remove.mutate({ id: canned.id })}>
            {t("confirmDelete")}
          </Button>
        ) : (
          <Button variant="danger" type="button" aria-label={`${t("delete")} /${canned.shortcut}`} onClick={() => setConfirming(true)}>
            {t("delete")}
          </Button>
        )}
      </div>
      <div className="basis-full">
        <ErrorText error={remove.error} />
      </div>
    </li>
  );
}
