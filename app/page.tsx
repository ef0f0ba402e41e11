import { headers } from "next/headers";
import { embedSnippet, loaderUrl, queueStub } from "@/server/contracts/snippet";
import { DemoIntro } from "./_components/demo-intro";

/**
 * The demo page: stands in for a customer's website and embeds the real widget of the seeded demo site with the
 * snippet the dashboard hands out (server/contracts/snippet.ts), on the app's own origin.
 */
export default async function DemoPage() {
  const request = await headers();
  const appUrl = `${request.get("x-forwarded-proto") ?? "http"}://${request.get("host") ?? "localhost:3000"}`;
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <DemoIntro snippet={embedSnippet(appUrl, "demo")} />
      {/* The snippet's two tags, as a site owner pastes them: the queue stub, then the loader. */}
      <script dangerouslySetInnerHTML={{ __html: queueStub }} />
      <script async src={loaderUrl(appUrl)} data-site="demo" />
    </main>
  );
}
