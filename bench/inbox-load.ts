// Inbox load bench: time to a usable inbox with N open conversations, and visitor send → row update in the agent's list.
// Run after a build:  node --import tsx bench/inbox-load.ts [conversations=1000] [sends=20]
// Embedded (SQLite + in-process bus) on loopback; writes bench/results/inbox-load.json.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Deps } from "../server/domain/deps.ts";
import { defaultLimitSettings } from "../server/domain/limits/settings.ts";
import { sendVisitorMessage } from "../server/domain/messages/send-visitor-message.ts";
import { openVisitorSession } from "../server/domain/sites/open-visitor-session.ts";
import { createServices } from "../server/services.ts";
import { demoEmail, demoPassword, startServer } from "../tests/e2e/support/server.ts";

const conversations = Number(process.argv[2] ?? 1000);
const sends = Number(process.argv[3] ?? 20);
const loads = 5;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;

const dataDir = mkdtempSync(join(tmpdir(), "parley-bench-"));
const server = await startServer({ DATA_DIR: dataDir });
const { limitStore, ...services } = await createServices({ databaseUrl: `file:${join(dataDir, "parley.db")}`, keyPrefix: "bench:" });
const { db } = services;
const deps: Deps = {
  ...services,
  sessionSecret: "bench-only-secret-bench-only-secret!",
  publicUrl: server.url,
  limits: { store: limitStore, settings: defaultLimitSettings },
  now: () => new Date(),
  log: quiet,
};

console.log(`bench: seeding ${conversations} open conversations…`);
const seedStarted = performance.now();
const site = await db.site.findFirstOrThrow({ where: { siteKey: "demo" } });
for (let i = 0; i < conversations; i++) {
  const session = await openVisitorSession(deps, {
    siteKey: "demo",
    deviceId: `bench-device-${String(i).padStart(8, "0")}`,
    origin: server.url,
    requestHost: null,
    userAgent: "bench",
    ip: "127.0.0.1",
  });
  const visitor = { organizationId: site.organizationId, siteId: site.id, visitorId: session.visitorId };
  await sendVisitorMessage(deps, visitor, { clientMsgId: `bench-${i}-aaaaaaaa`, body: `Seeded question number ${i}` });
}
const seedMs = performance.now() - seedStarted;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const login = await context.request.post(`${server.url}/api/trpc/auth.login`, { data: { email: demoEmail, password: demoPassword } });
if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
const page = await context.newPage();

// Usable: the list has rendered its rows (the newest conversation is on screen and clickable).
const loadTimes: number[] = [];
for (let i = 0; i < loads; i++) {
  const started = Date.now();
  await page.goto(`${server.url}/inbox`);
  await page
    .getByTestId("conversation-row")
    .filter({ hasText: `Seeded question number ${conversations - 1}` })
    .waitFor();
  loadTimes.push(Date.now() - started);
}
const listed = await page.evaluate<number>(`document.querySelector('[data-testid="conversation-list"] ul').getBoundingClientRect().height`);

// Visitor send → the row shows the new text at the top of the agent's list.
// The server signs visitor tokens with its own secret, so this session is opened through it.
const session = await fetch(`${server.url}/api/trpc/widget.session`, {
  method: "POST",
  headers: { "content-type": "application/json", origin: server.url },
  body: JSON.stringify({ siteKey: "demo", deviceId: "bench-live-visitor-0001" }),
});
const visitorToken = ((await session.json()) as { result: { data: { token: string } } }).result.data.token;
const rowUpdates: number[] = [];
for (let i = 0; i < sends; i++) {
  const text = `live message ${i} ${Date.now()}`;
  // A string, not a function: tsx's name helpers do not exist in the page.
  const seen = page.evaluate<number>(`new Promise((resolve) => {
    const check = () => {
      const first = document.querySelector('[data-testid="conversation-row"]');
      if (first && first.textContent.includes(${JSON.stringify(text)})) { observer.disconnect(); resolve(Date.now()); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  })`);
  await page.waitForTimeout(50);
  const sentAt = Date.now();
  const response = await fetch(`${server.url}/api/trpc/visitor.send`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${visitorToken}` },
    body: JSON.stringify({ clientMsgId: `bench-live-${i}-${Date.now()}`, body: text }),
  });
  if (!response.ok) throw new Error(`send failed: ${response.status} ${await response.text()}`);
  rowUpdates.push((await seen) - sentAt);
}

const result = {
  at: new Date().toISOString(),
  machine: "2 cores, loopback, SQLite + in-process bus, Debian Chromium headless",
  conversations,
  seedSeconds: Math.round(seedMs / 100) / 10,
  usableInboxMs: { median: median(loadTimes), max: Math.max(...loadTimes), samples: loadTimes },
  listHeightPx: Math.round(listed),
  visitorSendToRowMs: { median: median(rowUpdates), p95: p95(rowUpdates), samples: rowUpdates },
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(import.meta.dirname, "results", "inbox-load.json"), `${JSON.stringify(result, null, 2)}\n`);

await browser.close();
await deps.bus.close();
await db.$disconnect();
await server.stop();
