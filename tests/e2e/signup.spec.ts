import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "./support/server.ts";

test.describe("public sign-up", () => {
  let open: RunningServer;
  let closed: RunningServer;
  test.beforeAll(async () => {
    [open, closed] = await Promise.all([startServer(), startServer({ PUBLIC_SIGNUP: "0" })]);
  });
  test.afterAll(async () => {
    expect(await Promise.all([open?.stop(), closed?.stop()])).toEqual([0, 0]);
  });

  test("from the login page: a weak password is refused by name, then the new admin lands in their dashboard", async ({ page }) => {
    await page.goto(`${open.url}/login`);
    await page.getByRole("link", { name: "Create organization" }).click();
    await expect(page.getByRole("heading", { name: "Create your organization" })).toBeVisible();
    await page.getByLabel("Organization name").fill("Kettle Co");
    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@kettle.example");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("at least 10 characters");
    await page.screenshot({ path: "test-results/signup-error.png" });

    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL("**/dashboard");
    await expect(page.getByText("Kettle Co").first()).toBeVisible();
    await page.screenshot({ path: "test-results/signup-dashboard.png" });
  });

  test("with PUBLIC_SIGNUP=0 the login page offers no sign-up and the page says it is closed", async ({ page }) => {
    await page.goto(`${closed.url}/login`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create organization" })).toHaveCount(0);
    await page.goto(`${closed.url}/signup`);
    await page.getByLabel("Organization name").fill("Nope");
    await page.getByLabel("Your name").fill("N");
    await page.getByLabel("Email").fill("n@nope.example");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("sign-up is closed on this server; ask an admin for an invitation");
  });
});
