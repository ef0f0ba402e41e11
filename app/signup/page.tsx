"use client";
import { useState } from "react";
import { useT } from "@/app/_lib/i18n";
import { createHttpClient } from "@/client/agent-trpc";

const inputClass = "w-full rounded-lg border border-slate-300 px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950";

/** Public sign-up: a new organization and its first admin, then straight to the dashboard to add a site. */
export default function SignUpPage() {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signUp(form: FormData) {
    setBusy(true);
    setError(null);
    try {
      await createHttpClient().auth.signUp.mutate({
        organizationName: String(form.get("organizationName")),
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
      });
      location.assign("/dashboard");
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  const field = (name: string, label: string, type: string, autoComplete: string, hint?: string) => (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-describedby={hint ? `${name}-hint` : undefined}
        className={inputClass}
      />
      {hint && (
        <p id={`${name}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void signUp(new FormData(event.currentTarget));
        }}
        className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">{t("signUpTitle")}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("signUpLead")}</p>
        </div>
        {field("organizationName", t("organizationName"), "text", "organization")}
        {field("name", t("yourName"), "text", "name")}
        {field("email", t("email"), "email", "username")}
        {field("password", t("password"), "password", "new-password", t("passwordHint"))}
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50"
        >
          {t("createOrganization")}
        </button>
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">
          {t("haveAccount")}{" "}
          <a href="/login" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {t("signIn")}
          </a>
        </p>
      </form>
    </main>
  );
}
