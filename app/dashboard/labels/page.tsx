"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { LabelView } from "@/server/contracts/labels";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, controlClass, ErrorText, Field, SavedText } from "../_components/ui";
import { useLabelsT } from "./labels-i18n";
import { Button, Input } from "@/app/_components/ui";

const defaultColor = "#6366f1";

/** Admins create, rename, recolor and delete the organization's conversation labels. */
export default function LabelsPage() {
  const t = useLabelsT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const labels = useQuery(trpc.admin.labels.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.labels.list.queryKey() });
  const create = useMutation(trpc.admin.labels.create.mutationOptions({ onSuccess: refresh }));

  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-sm text-muted">{t("intro")}</p>
      <Card title={t("newLabel")}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const formElement = event.currentTarget;
            const form = new FormData(formElement);
            create.mutate({ name: String(form.get("name")), color: String(form.get("color")) }, { onSuccess: () => formElement.reset() });
          }}
        >
          <div className="min-w-56 flex-1">
            <Field id="new-label-name" label={t("name")}>
              <Input id="new-label-name" name="name" required maxLength={40} />
            </Field>
          </div>
          <Field id="new-label-color" label={t("color")}>
            <input
              id="new-label-color"
              name="color"
              type="color"
              defaultValue={defaultColor}
              className="h-9 w-14 rounded border border-line"
            />
          </Field>
          <Button type="submit" disabled={create.isPending}>
            {t("create")}
          </Button>
        </form>
        <ErrorText error={create.error} />
      </Card>
      <ErrorText error={labels.error} />
      {labels.data?.length === 0 && <p className="text-sm">{t("none")}</p>}
      {labels.data && labels.data.length > 0 && (
        <Card title={t("existing")}>
          <ul className="divide-y divide-line" data-testid="label-rows">
            {labels.data.map((label) => (
              <LabelRow key={`${label.id}:${label.name}:${label.color}`} label={label} onChanged={refresh} />
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

function LabelRow({ label, onChanged }: { label: LabelView; onChanged: () => void }) {
  const t = useLabelsT();
  const trpc = useTRPC();
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.admin.labels.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        onChanged();
      },
    }),
  );
  const remove = useMutation(trpc.admin.labels.delete.mutationOptions({ onSuccess: onChanged }));
  return (
    <li className="py-3">
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          update.mutate({ id: label.id, name, color });
        }}
      >
        <label className="sr-only" htmlFor={`label-name-${label.id}`}>
          {t("name")}
        </label>
        <input
          id={`label-name-${label.id}`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={40}
          className={`min-w-40 flex-1 ${controlClass}`}
        />
        <label className="sr-only" htmlFor={`label-color-${label.id}`}>
          {t("color")}
        </label>
        <input
          id={`label-color-${label.id}`}
          type="color"
          value={color}
          onChange={(event) => setColor(event.target.value)}
          className="h-9 w-14 rounded border border-line"
        />
        <Button type="submit" disabled={update.isPending}>
          {t("save")}
        </Button>
        <Button variant="danger" type="button" disabled={remove.isPending} onClick={() => remove.mutate({ id: label.id })}>
          {t("delete")}
        </Button>
        <SavedText show={saved} text={t("saved")} />
      </form>
      <ErrorText error={update.error ?? remove.error} />
    </li>
  );
}
