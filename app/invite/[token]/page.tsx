"use client";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useLocale } from "@/app/_lib/i18n";
import { createHttpClient } from "@/client/agent-trpc";

const texts = {
  en: {
    title: "Join {org} on Parley",
    intro: "You were invited as {role} with {email}. Choose your name and a password to finish.",
    name: "Your name",
    password: "Password (at least 10 characters)",
    submit: "Create my account",
    done: "Your account is ready.",
    signIn: "Sign in",
    admin: "an admin",
    agent: "an agent",
    loading: "Checking your invitation…",
  },
  "zh-CN": {
    title: "加入 {org} 的 Parley",
    intro: "您以 {role} 身份受邀，邮箱为 {email}。请设置姓名和密码以完成注册。",
    name: "您的姓名",
    password: "密码（至少 10 个字符）",
    submit: "创建账号",
    done: "账号已创建。",
    signIn: "登录",
    admin: "管理员",
    agent: "客服",
    loading: "正在验证邀请…",
  },
} as const;

type Invitation = { email: string; role: "admin" | "agent"; organizationName: string };
const inputClass =
  "w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-950";

/** The invitation link's page: shows who is inviting whom, then sets the new account's name and password. */
export default function InvitePage() {
  const { token } = useParams<{ token: string }>();
  const text = texts[useLocale()];
  const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    createHttpClient()
      .invitation.describe.query({ token })
      .then(setInvitation, (failure: Error) => setError(failure.message));
  }, [token]);

  async function accept(form: FormData) {
    setBusy(true);
    setError(null);
    try {
      await createHttpClient().invitation.accept.mutate({ token, name: String(form.get("name")), password: String(form.get("password")) });
      setDone(true);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        {!invitation && !error && <p>{text.loading}</p>}
        {invitation && <h1 className="text-2xl font-bold">{fill(text.title, { org: invitation.organizationName })}</h1>}
        {done ? (
          <>
            <p role="status">{text.done}</p>
            <a
              href="/login"
              className="block w-full rounded-lg bg-indigo-600 px-4 py-2 text-center font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
            >
              {text.signIn}
            </a>
          </>
        ) : (
          invitation && (
            <form action={accept} className="space-y-4">
              <p className="text-sm">{fill(text.intro, { role: text[invitation.role], email: invitation.email })}</p>
              <div className="space-y-1">
                <label htmlFor="name" className="block text-sm font-medium">
                  {text.name}
                </label>
                <input id="name" name="name" autoComplete="name" required maxLength={120} className={inputClass} />
              </div>
              <div className="space-y-1">
                <label htmlFor="password" className="block text-sm font-medium">
                  {text.password}
                </label>
                <input
                  id="password"
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  required
                  minLength={10}
                  maxLength={200}
                  className={inputClass}
                />
              </div>
              <button
                type="submit"
                disabled={busy}
                className="w-full rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50"
              >
                {text.submit}
              </button>
            </form>
          )
        )}
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
