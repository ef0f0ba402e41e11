"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { cannedLimits } from "@/server/contracts/inbox";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, SavedText } from "../_components/ui";
import { CannedFields, readCannedForm } from "./canned-form";
import { useCannedT } from "./canned-i18n";
import { CannedRow } from "./canned-row";
import { Button, Input } from "@/app/_components/ui";

/** Admins keep the organization's shared canned responses: every agent inserts them in the inbox with "/shortcut". */
export default function CannedPage() {
  const t = useCannedT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  const list = useQuery({ ...trpc.admin.canned.list.queryOptions(query ? { query } : {}), placeholderData: keepPreviousData });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.canned.list.queryKey() });
  const [created, setCreated] = useState(false);
  const create = useMutation(trpc.admin.canned.create.mutationOptions({ onSuccess: refresh }));

  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-sm text-muted">{t("intro")}</p>
      <Card title={t("newCanned")}>
        <form
          aria-label={t("newCanned")}
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            setCreated(false);
            create.mutate(readCannedForm(form), {
              onSuccess: () => {
                form.reset();
                setCreated(true);
              },
            });
          }}
        >
          <CannedFields idPrefix="new-canned" />
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={create.isPending}>
              {t("create")}
            </Button>
            <SavedText show={created} text={t("saved")} />
          </div>
          <ErrorText error={create.error} />
        </form>
      </Card>
      <Card
        title={t("existing")}
        actions={
          list.data && (
            <span className="text-sm text-muted" role="status">
              {t("count", { n: String(list.data.length) })}
            </span>
          )
        }
      >
        <div className="space-y-1">
          <label htmlFor="canned-search" className="sr-only">
            {t("search")}
          </label>
          <Input
            id="canned-search"
            type="search"
            placeholder={t("search")}
            maxLength={cannedLimits.search}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <ErrorText error={list.error} />
        {list.data?.length === 0 && <p className="text-sm">{query ? t("noMatch") : t("none")}</p>}
        {list.data && list.data.length > 0 && (
          <ul className="divide-y divide-line">
            {list.data.map((canned) => (
              <CannedRow key={`${canned.id}:${canned.updatedAt}`} canned={canned} onChanged={refresh} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
