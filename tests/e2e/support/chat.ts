import { expect, type Browser, type Page } from "@playwright/test";
import { demoEmail, demoPassword } from "./server.ts";

export async function agentLogsIn(browser: Browser, baseUrl: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(demoEmail);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseUrl}/inbox`);
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  // The inbox marks the agent online; a visitor arriving before that would get the offline form.
  await expect
    .poll(async () => (await (await fetch(`${baseUrl}/chat/demo?deviceId=presence-probe-000000`)).text()).includes('"online":true'), {
      timeout: 20_000,
    })
    .toBe(true);
  return page;
}

/** A visitor of the demo site on the full-page chat (/chat/demo): the widget's own panel, with page-level locators. */
export async function visitorOpensDemo(browser: Browser, baseUrl: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${baseUrl}/chat/demo?deviceId=e2e-${Math.random().toString(36).slice(2).padEnd(12, "0")}`);
  await expect(page.locator("main[data-ready=true]")).toBeAttached();
  await expect(page.getByPlaceholder("Type your message…")).toBeVisible();
  return page;
}

export async function visitorSays(page: Page, text: string) {
  await page.getByPlaceholder("Type your message…").fill(text);
  await page.getByPlaceholder("Type your message…").press("Enter");
}

/** The whole loop: the visitor says something, the agent sees it live, replies, and the visitor sees the reply. */
export async function chatRoundTrip(visitor: Page, agent: Page, said: string, reply: string) {
  await visitorSays(visitor, said);
  const row = agent.getByTestId("conversation-row").filter({ hasText: said });
  await expect(row).toBeVisible();
  await row.click();
  await expect(agent.getByTestId("thread-message").filter({ hasText: said })).toBeVisible();
  await agent.getByLabel("Reply").fill(reply);
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: reply })).toBeVisible();
}
