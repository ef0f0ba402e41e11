"use client";
import { formatDateTime } from "../../../client/format-time.ts";
import { useLocale } from "../../_lib/locale.ts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, CopyButton, ErrorText, Field } from "../_components/ui";
import { Button, Input } from "@/app/_components/ui";

const scopes = ["read", "write", "admin"] as const;

export default function TokensPage() {
  const t = useDashboardT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.tokens.list.queryKey() });
  const tokens = useQuery(trpc.admin.tokens.list.queryOptions());
  const create = useMutation(trpc.admin.tokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.admin.tokens.revoke.mutationOptions({ onSuccess: refresh }));

  return (
    <>
      <h1 className="text-2xl font-bold">{t("apiTokens")}</h1>
      <Card title={t("newToken")}>
        <p className="text-sm text-muted">{t("tokensIntro")}</p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            create.mutate({ name: String(form.get("name")), scopes: form.getAll("scopes").map(String) as (typeof scopes)[number][] });
          }}
        >
          <div className="min-w-56 flex-1">
            <Field id="token-name" label={t("name")}>
              <Input id="token-name" name="name" required maxLength={120} />
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium">{t("scopes")}</legend>
            <div className="mt-1 flex gap-3">
              {scopes.map((scope) => (
                <label key={scope} className="flex items-center gap-1 text-sm">
                  <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} />
                  {scope}
                </label>
              ))}
            </div>
          </fieldset>
          <Button type="submit" disabled={create.isPending}>
            {t("create")}
          </Button>
        </form>
        <ErrorText error={create.error} />
        {create.data && (
          <div className="space-y-2 rounded-control bg-amber-50 p-3 text-sm ring-1 ring-amber-200 dark:bg-amber-950 dark:ring-amber-800">
            <p>{t("tokenOnce")}</p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all rounded-control bg-surface px-2 py-1">{create.data.token}</code>
              <CopyButton text={create.data.token} label={t("copy")} doneLabel={t("copied")} />
            </div>
          </div>
        )}
      </Card>
      <Card title={t("apiTokens")}>
        <ErrorText error={tokens.error ?? revoke.error} />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-line">
                <th className="py-2 pr-3">{t("name")}</th>
                <th className="py-2 pr-3">{t("prefix")}</th>
                <th className="py-2 pr-3">{t("scopes")}</th>
                <th className="py-2 pr-3">{t("created")}</th>
                <th className="py-2 pr-3">{t("lastUsed")}</th>
                <th className="py-2">
                  <span className="sr-only">{t("revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data?.map((token) => (
                <tr key={token.id} className="border-b border-line">
                  <td className="py-2 pr-3">{token.name}</td>
                  <td className="py-2 pr-3">
                    <code>{token.prefix}…</code>
                  </td>
                  <td className="py-2 pr-3">{token.scopes.join(", ")}</td>
                  <td className="py-2 pr-3">{formatDateTime(token.createdAt, locale)}</td>
                  <td className="py-2 pr-3">{token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : t("never")}</td>
                  <td className="py-2">
                    {token.revokedAt ? (
                      t("revoked")
                    ) : (
                      <Button variant="danger" className="px-2 py-1" onClick={() => revoke.mutate({ id: token.id })}>
                        {t("revoke")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
