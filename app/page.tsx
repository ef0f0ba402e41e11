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
  // The page's CSP runs only scripts carrying this response's nonce (server/http/security-headers.ts); the pasted
  // snippet gets it like Next's own scripts, and the loader it starts is trusted through 'strict-dynamic'.
  const nonce = /'nonce-([^']+)'/.exec(request.get("content-security-policy") ?? "")?.[1];
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <DemoIntro snippet={embedSnippet(appUrl, "demo")} />
      {/* The snippet's two tags, as a site owner pastes them: the queue stub, then the loader. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the snippet's constant queue stub, run under the CSP nonce */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: queueStub }} />
      <script nonce={nonce} async src={loaderUrl(appUrl)} data-site="demo" />
    </main>
  );
}
