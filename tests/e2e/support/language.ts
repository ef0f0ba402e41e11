import type { Page } from "@playwright/test";

/**
 * The person picks their own language with the switch in the inbox's Account menu: it is stored on their user
 * (agent.preferences.setLanguage), so it follows them to every page and browser. "" follows the organization again.
 */
export async function chooseLanguage(page: Page, language: "en" | "zh-CN" | "") {
  await page.getByRole("button", { name: /^(Account|账户)$/ }).click();
  const select = page.getByTestId("language-switch");
  if ((await select.inputValue()) !== language) {
    const saved = page.waitForResponse((response) => response.url().includes("agent.preferences.setLanguage"));
    await select.selectOption(language);
    await saved;
  }
  await page.keyboard.press("Escape");
}
