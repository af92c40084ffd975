// The smaller things a person notices, in real headless Chromium: which language control
// does what, the display language remembered on the next visit, the newsletter and the
// marketing purposes pointing at each other, and "saved" beside the switch that changed.
//
// Kari's purposes are as customer.spec.ts (which runs before this file) left them; this
// file switches web analytics on.
import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, mint, openHostPage, shot } from './host';

test('the two language controls say what they are for, and the display language is remembered', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await openHostPage(page, mint('1001'));
  await expect(page.locator('label.lang')).toContainText('Visningsspråk');
  await page.getByTestId('tab-contact').click();
  await expect(page.locator('label[for="contact-language"]')).toHaveText('Språket vi skriver til deg på');
  await expect(page.locator('#contact-language-hint')).toContainText('Språket på denne siden velger du øverst');

  await page.getByTestId('lang-select').selectOption('en');
  await expect(page.getByTestId('tab-overview')).toHaveText('My data');
  // A new visit: a fresh launch token, the host (and Kari's session) still say nb.
  await openHostPage(page, mint('1001'), 'nb');
  await expect(page.getByTestId('person-name')).toHaveText('Kari Nordmann');
  await expect(page.getByTestId('tab-overview')).toHaveText('My data');
  await expect(page.getByTestId('lang-select')).toHaveValue('en');
  // Remembered under the widget's own key, nothing else.
  const stored = await page.evaluate(() => Object.keys(localStorage));
  expect(stored).toEqual(['privacy-portal.display-locale']);
  expect(errors).toEqual([]);
});

test('the newsletter and the purposes lead to each other', async ({ page }) => {
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-newsletter').click();
  await expect(page.getByTestId('newsletter-purposes-note')).toContainText('Formål og samtykke');
  await page.getByTestId('newsletter-to-purposes').click();
  await expect(page.getByTestId('tab-purposes')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-purposes')).toBeFocused();
  await page.getByTestId('purposes-to-newsletter').click();
  await expect(page.getByTestId('tab-newsletter')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-newsletter')).toBeFocused();
});

test('"saved" is shown beside the switch that changed', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-purposes').click();
  const row = page.locator('[data-testid="purpose-row"][data-key="web_analytics"]');
  await row.getByTestId('purpose-web_analytics').click();
  await expect(row.getByTestId('purpose-saved')).toHaveText('Lagret');
  await expect(page.getByTestId('purpose-saved')).toHaveCount(1);
  // Beside the switch: on the same line as its title.
  const saved = await row.getByTestId('purpose-saved').boundingBox();
  const title = await row.locator('.purpose-title').boundingBox();
  expect(Math.abs(saved!.y - title!.y)).toBeLessThan(title!.height);
  await shot(page, '81-purpose-saved-beside');
  await page.setViewportSize(PHONE);
  await shot(page, '82-phone-purpose-saved-beside');
  expect(errors).toEqual([]);
});
