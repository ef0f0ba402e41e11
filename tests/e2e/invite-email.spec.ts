import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

test.describe("invitations by email when SMTP is configured", () => {
  let server: RunningServer;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  test.beforeAll(async () => {
    sink = await startSmtpSink({ refuse: (address) => address.startsWith("bounce") });
    server = await startServer({ SMTP_URL: sink.url, MAIL_FROM: "Parley <no-reply@demo.parley.local>" });
  });
  test.afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await sink?.close();
  });

  test("the admin is told the invitation was emailed, or why not, and is shown the link either way", async ({ browser }) => {
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await admin.goto(`${server.url}/login`);
    await admin.getByLabel("Email").fill(demoEmail);
    await admin.getByLabel("Password").fill(demoPassword);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await expect(admin).toHaveURL(`${server.url}/inbox`);
    await admin.goto(`${server.url}/dashboard/agents`);

    await admin.getByLabel("Email").fill("dina@demo.parley.local");
    await admin.getByRole("button", { name: "Create invitation link" }).click();
    await expect(admin.getByTestId("invite-outcome")).toContainText("Invitation emailed to dina@demo.parley.local.");
    const link = (await admin.getByTestId("invite-link").textContent())!;
    expect(sink.received.map((mail) => mail.to)).toEqual([["dina@demo.parley.local"]]);
    expect(sink.received[0]!.raw.replace(/=\r?\n/g, "")).toContain(link);
    await admin.screenshot({ path: "test-results/invite-emailed.png" });

    await admin.getByLabel("Email").fill("bounce@demo.parley.local");
    await admin.getByRole("button", { name: "Create invitation link" }).click();
    await expect(admin.getByTestId("invite-outcome")).toContainText("The email to bounce@demo.parley.local could not be sent");
    await expect(admin.getByTestId("invite-outcome")).toContainText("550 mailbox unavailable");
    await expect(admin.getByTestId("invite-link")).toHaveText(new RegExp(`^${server.url}/invite/[\\w-]{43}$`));
    await expect(admin.getByText("bounce@demo.parley.local · Agent")).toBeVisible();
    await admin.screenshot({ path: "test-results/invite-email-failed.png" });
    expect(sink.received).toHaveLength(1);
  });
});
