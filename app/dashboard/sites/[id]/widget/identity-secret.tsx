"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, CopyButton, ErrorText } from "../../../_components/ui";
import type { WidgetT } from "./widget-i18n";
import { Button } from "@/app/_components/ui";

/** Whether the site has an identity secret; a new one after a confirm, shown this once with a copy button. */
export function IdentitySecret({ siteId, isSet, t }: { siteId: string; isSet: boolean; t: WidgetT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation(
    trpc.admin.widget.rotateIdentitySecret.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.widget.get.queryKey({ siteId }) });
      },
    }),
  );
  const secret = rotate.data?.secret;

  return (
    <Card title={t("identity")}>
      <div className="grid gap-3 text-sm">
        <p className="text-muted">{t("identityHelp")}</p>
        <p data-testid="identity-secret-state" className="font-medium">
          {isSet || secret ? t("secretSet") : t("secretNotSet")}
        </p>
        {secret && (
          <div role="status" className="space-y-2 rounded-card bg-amber-50 p-3 ring-1 ring-amber-300 dark:bg-amber-950 dark:ring-amber-800">
            <p className="font-medium">{t("newSecret")}</p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                data-testid="new-secret"
                className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-black"
              >
                {secret}
              </code>
              <CopyButton text={secret} label={t("copy")} doneLabel={t("copied")} />
            </div>
            <p>{t("newSecretNote")}</p>
          </div>
        )}
        {confirming ? (
          <div role="group" aria-label={t("rotate")} className="space-y-2 rounded-card p-3 ring-1 ring-red-300 dark:ring-red-800">
            <p>{t("rotateConfirm")}</p>
            <div className="flex gap-2">
              <Button variant="danger" type="button" disabled={rotate.isPending} onClick={() => rotate.mutate({ siteId })}>
                {t("rotateYes")}
              </Button>
              <Button variant="secondary" type="button" onClick={() => setConfirming(false)}>
                {t("cancel")}
              </Button>
            </div>
          </div>
        ) : (
          <div>
            <Button variant="secondary" type="button" onClick={() => setConfirming(true)}>
              {t("rotate")}
            </Button>
          </div>
        )}
        <ErrorText error={rotate.error} />
      </div>
    </Card>
  );
}
