import Link from "next/link";

/** Instead of Next's bare 404: where you are and the ways back. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-bold">This page does not exist · 页面不存在</h1>
      <p className="text-slate-600 dark:text-slate-300">The link may be old, or mistyped. 链接可能已过期或有误。</p>
      <p className="flex gap-4">
        <Link href="/inbox" className="font-medium text-indigo-700 underline dark:text-indigo-300">Inbox · 收件箱</Link>
        <Link href="/" className="font-medium text-indigo-700 underline dark:text-indigo-300">Home · 首页</Link>
      </p>
    </main>
  );
}
