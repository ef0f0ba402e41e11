import { expect, type Locator } from "@playwright/test";

/**
 * Types a message into the widget's composer and sends it with Enter. The typed text is checked before Enter:
 * under load, Playwright's fill into the panel (a cross-origin frame) was seen not to land (the trace shows the textarea
 * still empty before the key press, no page error, nothing sent), which would fail the test for a reason no typing
 * visitor meets. A fill that did not land is made again.
 */
export async function fillAndSend(composer: Locator, text: string) {
  await fillChecked(composer, text);
  await composer.press("Enter");
}

/** Fills a field and makes sure the value is there (see fillAndSend), filling again if the first one did not land. */
export async function fillChecked(field: Locator, value: string) {
  await expect(async () => {
    await field.fill(value);
    await expect(field).toHaveValue(value, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
