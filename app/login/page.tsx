"use client";
import { useEffect, useState } from "react";
import { useT } from "@/app/_lib/i18n";
import { createHttpClient } from "@/client/agent-trpc";

export default function LoginPage() {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signUpOpen, setSignUpOpen] = useState(false);
  useEffect(() => {
    createHttpClient()
      .auth.signUpOpen.query()
      .then(
        ({ open }) => setSignUpOpen(open),
        () => setSignUpOpen(false),
      );
  }, []);

  async function logIn(form: FormData) {
    setBusy(true);
    setError(null);
    try {
      await createHttpClient().auth.login.mutate({ email: String(form.get("email")), password: String(form.get("password")) });
      // A full load, so the inbox opens its WebSocket with the new session cookie.
      location.assign("/inbox");
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void logIn(new FormData(event.currentTarget));
        }}
        className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <h1 className="text-2xl font-bold">{t("signIn")}</h1>
        <div className="space-y-1">
          <label htmlFor="email" className="block text-sm font-medium">
            {t("email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            className="w-full rounded-lg border border-slate-300 px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="password" className="block text-sm font-medium">
            {t("password")}
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="w-full rounded-lg border border-slate-300 px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
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
          {t("signIn")}
        </button>
        {signUpOpen && (
          <p className="text-center text-sm text-slate-600 dark:text-slate-400">
            {t("noAccount")}{" "}
            <a href="/signup" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              {t("createOrganization")}
            </a>
          </p>
        )}
      </form>
    </main>
  );
}
