import { expect, type Locator } from "@playwright/test";

/** Types a message into the widget's composer, as a visitor does, and sends it with Enter. */
export async function fillAndSend(composer: Locator, text: string) {
  await fillChecked(composer, text);
  await composer.press("Enter");
}

/**
 * Clicks into a field, fills it and checks the text arrived before anything relies on it, so a fill that went
 * nowhere fails here, by name, and not later as a message that never showed. (Typed text used to miss the widget's
 * cross-origin frame now and then under site isolation; playwright.config.ts launches Chromium without it.)
 */
export async function fillChecked(field: Locator, value: string) {
  await field.page().bringToFront();
  await field.click();
  await field.fill(value);
  await expect(field).toHaveValue(value);
}
