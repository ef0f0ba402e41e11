import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createDb, type Db } from "../../server/store/db.ts";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

let server: RunningServer;
let db: Db;
const dataDir = mkdtempSync(join(tmpdir(), "parley-reports-e2e-"));

const base = Date.parse("2026-11-02T10:00:00Z");
const at = (seconds: number) => new Date(base + seconds * 1000);

/**
 * The known data set: five conversations on 2 November. First responses after 30 s, 90 s and 150 s (two never
 * answered); resolved after 10 min, 30 min, 1 h, and one unanswered after 5 min; one still open, unanswered.
 */
const seeded = [
  { firstResponse: 30, resolved: 600 },
  { firstResponse: 90, resolved: 1800 },
  { firstResponse: 150, resolved: 3600 },
  { firstResponse: null, resolved: 300 },
  { firstResponse: null, resolved: null },
];

test.beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
  db = await createDb(`file:${join(dataDir, "parley.db")}`);
  const site = await db.site.findFirstOrThrow({ where: { siteKey: "demo" } });
  for (const [i, row] of seeded.entries()) {
    const visitor = await db.visitor.create({
      data: { organizationId: site.organizationId, siteId: site.id, deviceId: `reports-e2e-device-${i}` },
    });
    await db.conversation.create({
      data: {
        organizationId: site.organizationId,
        siteId: site.id,
        visitorId: visitor.id,
        state: row.resolved === null ? "queued" : "resolved",
        openForVisitorId: row.resolved === null ? visitor.id : null,
        createdAt: at(i * 3600),
        firstResponseAt: row.firstResponse === null ? null : at(i * 3600 + row.firstResponse),
        resolvedAt: row.resolved === null ? null : at(i * 3600 + row.resolved),
      },
    });
  }
});

test.afterAll(async () => {
  await db?.$disconnect();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

test("reports show exactly the figures of a seeded, known data set", async ({ browser }) => {
  const admin = await agentLogsIn(browser, server.url);
  await admin.goto(`${server.url}/dashboard/reports`);
  await admin.getByLabel("From").fill("2026-11-01");
  await admin.getByLabel("To").fill("2026-11-03");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin.getByTestId("figure-Conversations")).toHaveText("5");
  // Nearest-rank: first responses [30, 90, 150] s → median 90 s, p90 150 s; resolutions [300, 600, 1800, 3600] s.
  await expect(admin.getByTestId("figure-First response")).toHaveText("2m · p90 3m");
  await expect(admin.getByTestId("figure-Resolution time")).toHaveText("10m · p90 1.0h");
  await expect(admin.getByTestId("figure-Missed chats")).toHaveText("2");
  await admin.screenshot({ path: "test-results/reports-seeded.png", fullPage: true });

  // A range without them shows none of them.
  await admin.getByLabel("From").fill("2026-11-05");
  await admin.getByLabel("To").fill("2026-11-06");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin.getByTestId("figure-Conversations")).toHaveText("0");
});
