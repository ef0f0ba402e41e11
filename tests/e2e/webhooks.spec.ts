import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { verifyDelivery } from "../../server/domain/webhooks/signature.ts";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

let server: RunningServer;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let flakyFailures = 0;

test.beforeAll(async () => {
  // A receiver inside the network, as an install's own CRM bridge would be.
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE: "1" });
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url === "/flaky" && flakyFailures++ < 1) return res.writeHead(500).end("not now");
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  if (server) expect(await server.stop()).toBe(0);
});

async function createWebhook(page: Page, url: string): Promise<string> {
  await page.getByLabel("URL").fill(url);
  await page.getByRole("button", { name: "Create" }).click();
  const secret = await page
    .locator("code")
    .filter({ hasText: /^whsec_/ })
    .textContent();
  expect(secret).toMatch(/^whsec_/);
  return secret!;
}

const card = (page: Page, url: string) => page.locator("section").filter({ has: page.getByRole("heading", { name: url }) });

test("webhooks made in the dashboard: signed test ping and message events reach the receiver; a failing one is retried", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await agentLogsIn(browser, server.url);
  await admin.goto(`${server.url}/dashboard/webhooks`);
  const okUrl = `${receiverUrl}/ok`;
  const secret = await createWebhook(admin, okUrl);

  await card(admin, okUrl).getByRole("button", { name: "Send test" }).click();
  await expect
    .poll(() => received.filter((r) => r.path === "/ok" && r.headers["x-parley-event"] === "ping").length, { timeout: 15_000 })
    .toBe(1);
  const ping = received.find((r) => r.headers["x-parley-event"] === "ping")!;
  expect(verifyDelivery(secret, ping.body, String(ping.headers["x-parley-signature"]), new Date())).toBe(true);
  expect(verifyDelivery("whsec_wrong", ping.body, String(ping.headers["x-parley-signature"]), new Date())).toBe(false);

  // A visitor writes: message.created arrives signed, with the text.
  const session = await fetch(`${server.url}/api/trpc/widget.session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ siteKey: "demo", deviceId: "webhook-e2e-device-0001" }),
  });
  const token = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;
  await fetch(`${server.url}/api/trpc/visitor.send`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMsgId: "webhook-e2e-message-1", body: "Is my order shipped?" }),
  });
  await expect.poll(() => received.filter((r) => r.headers["x-parley-event"] === "message.created").length, { timeout: 15_000 }).toBe(1);
  const message = received.find((r) => r.headers["x-parley-event"] === "message.created")!;
  expect(verifyDelivery(secret, message.body, String(message.headers["x-parley-signature"]), new Date())).toBe(true);
  expect(JSON.parse(message.body)).toMatchObject({
    event: "message.created",
    data: { message: { body: "Is my order shipped?", senderKind: "visitor" } },
  });

  // A receiver that fails once: the log shows the 500, then the retry 10 s later succeeds.
  const flakyUrl = `${receiverUrl}/flaky`;
  await createWebhook(admin, flakyUrl);
  const flaky = card(admin, flakyUrl);
  await flaky.getByRole("button", { name: "Send test" }).click();
  const row = flaky.getByRole("row").filter({ hasText: "ping" });
  await expect(async () => {
    await flaky.getByRole("button", { name: /Deliveries/ }).click();
    await expect(row).toContainText("500", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(async () => {
    await flaky.getByRole("button", { name: /Deliveries/ }).click();
    await expect(row).toContainText("succeeded", { timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  await expect(row).toContainText("204");
  expect(received.filter((r) => r.path === "/flaky")).toHaveLength(2);
  await admin.screenshot({ path: "test-results/webhooks-dashboard.png", fullPage: true });
});
