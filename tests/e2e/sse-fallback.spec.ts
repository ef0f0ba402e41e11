import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { freePort, startServer, type RunningServer } from "./support/server.ts";
import { configureSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let proxy: Server;
let proxyUrl: string;
let upgradesRefused = 0;
/** Event-stream requests as the proxy saw them: what its access log would keep, and whether a token came in a header. */
const proxiedStreams: { url: string; authorization: string | undefined }[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "parley-sse-e2e-"));

/** A proxy in front of the app that passes HTTP (streaming included) but refuses every WebSocket upgrade. */
async function startStrictProxy(target: URL): Promise<{ server: Server; url: string }> {
  const port = await freePort();
  const proxyServer = createServer((req, res) => {
    if (req.headers.accept?.includes("text/event-stream"))
      proxiedStreams.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  proxyServer.on("upgrade", (_req, socket) => {
    upgradesRefused++;
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  await new Promise<void>((resolve) => proxyServer.listen(port, "127.0.0.1", resolve));
  return { server: proxyServer, url: `http://127.0.0.1:${port}` };
}

test.beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
  ({ server: proxy, url: proxyUrl } = await startStrictProxy(new URL(server.url)));
  configureSite(join(dataDir, "parley.db"), "demo", [proxyUrl]);
});

test.afterAll(async () => {
  // Event streams stay open by design: cut them so the proxy can close.
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

test("where a proxy refuses WebSocket, visitor and agent move to server-sent events and HTTP: sends arrive, replies stream in", async ({
  browser,
}) => {
  // Both sides behind the same strict proxy.
  const agent = await agentLogsIn(browser, proxyUrl);
  const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await visitorContext.newPage();
  const streams: string[] = [];
  visitor.on("request", (request) => {
    if (request.headers().accept?.includes("text/event-stream")) streams.push(new URL(request.url()).pathname);
  });
  await visitor.goto(`${proxyUrl}/chat/demo?deviceId=sse-fallback-device-0001`);
  await expect(visitor.locator("main[data-ready=true]")).toBeAttached({ timeout: 30_000 });
  const box = visitor.getByRole("textbox", { name: "Write a message" });
  await fillAndSend(box, "Hello through a strict proxy");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Hello through a strict proxy" }).locator(".status")).toHaveText(
    /^(Sent|Read)$/,
  );
  expect(upgradesRefused).toBeGreaterThanOrEqual(3);

  await agent.getByTestId("conversation-row").filter({ hasText: "Hello through a strict proxy" }).click();
  await agent.getByLabel("Reply").fill("Loud and clear, over SSE");
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Loud and clear, over SSE" })).toBeVisible();
  expect(streams).toContain("/api/trpc/visitor.onThread");
  // The visitor's token travels in a header: no stream URL carries it (nor connectionParams at all).
  const visitorStreams = proxiedStreams.filter((request) => request.url.includes("/api/trpc/visitor."));
  expect(visitorStreams.length).toBeGreaterThan(0);
  for (const request of visitorStreams) {
    expect(request.url).not.toMatch(/connectionParams|visitorToken|Bearer|eyJ/);
    expect(request.authorization).toMatch(/^Bearer \S+/);
  }
  await visitor.screenshot({ path: "test-results/sse-fallback-phone.png" });
  await visitorContext.close();
  await agent.context().close();
});
