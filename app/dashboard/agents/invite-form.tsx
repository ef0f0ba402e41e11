"use client";
import { useMutation } from "@tanstack/react-query";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { CopyButton, ErrorText, Field } from "../_components/ui";
import { Button, Input, Select } from "@/app/_components/ui";

type Invited = { expiresAt: string; email: { status: "not_configured" } | { status: "sent" } | { status: "failed"; error: string } };

/** Emailed, or not (no SMTP, or the send failed: then why); the link is shown in every case. */
function outcome(t: DashboardT, invited: Invited, email: string): string {
  const date = new Date(invited.expiresAt).toLocaleString();
  if (invited.email.status === "sent") return t("inviteEmailed", { email, date });
  if (invited.email.status === "failed") return t("inviteEmailFailed", { email, date, error: invited.email.error });
  return t("inviteLink", { email, date });
}

export function InviteForm({ t, onInvited }: { t: DashboardT; onInvited: () => void }) {
  const trpc = useTRPC();
  const invite = useMutation(trpc.admin.agents.invite.mutationOptions({ onSuccess: onInvited }));
  return (
    <div className="space-y-3">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          invite.mutate({ email: String(form.get("email")), role: String(form.get("role")) as "admin" | "agent" });
        }}
      >
        <div className="min-w-64 flex-1">
          <Field id="invite-email" label={t("email")}>
            <Input id="invite-email" name="email" type="email" required maxLength={254} />
          </Field>
        </div>
        <Field id="invite-role" label={t("role")}>
          <Select id="invite-role" name="role" defaultValue="agent" className="w-full">
            <option value="agent">{t("agent")}</option>
            <option value="admin">{t("admin")}</option>
          </Select>
        </Field>
        <Button type="submit" disabled={invite.isPending}>
          {t("invite")}
        </Button>
      </form>
      <ErrorText error={invite.error} />
      {invite.data && (
        <div
          className={`space-y-2 rounded-control p-3 text-sm ring-1 ${
            invite.data.email.status === "sent"
              ? "bg-emerald-50 ring-emerald-200 dark:bg-emerald-950 dark:ring-emerald-800"
              : "bg-amber-50 ring-amber-200 dark:bg-amber-950 dark:ring-amber-800"
          }`}
        >
          <p role="status" data-testid="invite-outcome">
            {outcome(t, invite.data, invite.variables?.email ?? "")}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="invite-link" className="break-all rounded-control bg-surface px-2 py-1">
              {invite.data.link}
            </code>
            <CopyButton text={invite.data.link} label={t("copy")} doneLabel={t("copied")} />
          </div>
        </div>
      )}
    </div>
  );
}
