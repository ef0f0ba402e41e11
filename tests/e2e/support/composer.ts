import { expect, type Locator } from "@playwright/test";

/**
 * Types a message into the widget's composer and sends it with Enter. The typed text is checked before Enter:
 * under load, Playwright's fill into the panel (a cross-origin frame) was seen not to land (the trace shows the textarea
 * still empty before the key press, no page error, nothing sent), which would fail the test for a reason no typing
 * visitor meets. A fill that did not land is made again.
 */
export async function fillAndSend(composer: Locator, text: string) {
  await expect(async () => {
    await composer.fill(text);
    await expect(composer).toHaveValue(text, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await composer.press("Enter");
}
