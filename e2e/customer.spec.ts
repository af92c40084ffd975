// A customer's journey through the widget on a host page, in real headless Chromium:
// log in with a minted launch token, read the overview, correct the phone number (a bad
// one first), unsubscribe, switch a purpose off, download the export and check it, file
// an erasure request after its preview, see it with its due date, switch to Swedish.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { mint, openHostPage as openHost, shot } from './host';

/** The host page of these tests styles buttons its own way: the widget must not take it. */
const HOSTILE_HEAD = '<style>button { text-transform: uppercase; font-family: monospace; }</style>';

async function openHostPage(page: Page, token: string, locale = 'nb') {
  await openHost(page, token, locale, HOSTILE_HEAD);
}

/** The due date of a request received today: one calendar month later, clamped. */
function dueDate(today: Date): string {
  const y = today.getUTCFullYear(), m = today.getUTCMonth(), d = today.getUTCDate();
  const lastOfNext = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
  const due = new Date(Date.UTC(y, m + 1, Math.min(d, lastOfNext)));
  return due.toISOString().slice(0, 10);
}

test('a customer sees, corrects, opts out, exports and files an erasure request', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  await openHostPage(page, mint('1001'));

  await test.step('log in and see the overview', async () => {
    await expect(page.getByTestId('person-name')).toHaveText('Kari Nordmann');
    await expect(page.getByTestId('panel-overview')).toBeVisible();
    await expect(page.getByTestId('category-identification')).toBeVisible();
    // The recipients once, beside the categories, not repeated in each.
    await expect(page.getByTestId('overview-recipients')).toContainText('Norid');
    await expect(page.getByTestId('category-customer_relationship')).not.toContainText('Norid');
    await expect(page.getByTestId('complaint-link')).toHaveAttribute('href', 'https://www.datatilsynet.no/');
    // The launch token does not linger in the host's DOM.
    await expect(page.locator('privacy-portal')).not.toHaveAttribute('launch-token', /.+/);
    await shot(page, '01-overview');
  });

  await test.step('a bad phone number is refused as typed, a good one is saved', async () => {
    await page.getByTestId('tab-contact').click();
    const phone = page.getByTestId('contact-phone');
    await phone.fill('12345');
    await expect(page.getByTestId('contact-phone-error')).toBeVisible();
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await shot(page, '02-contact-invalid');
    await phone.fill('+47 400 00 000');
    await expect(page.getByTestId('contact-phone-error')).toHaveCount(0);
    await page.getByTestId('contact-save').click();
    await expect(page.getByTestId('contact-saved')).toBeVisible();
    await expect(page.getByTestId('contact-history-row').first()).toBeVisible();
    await shot(page, '03-contact-saved');
  });

  await test.step('unsubscribe from the newsletter', async () => {
    await page.getByTestId('tab-newsletter').click();
    await page.getByTestId('newsletter-unsubscribe').click();
    await expect(page.getByTestId('newsletter-subscribe')).toBeVisible();
    await shot(page, '04-newsletter');
  });

  await test.step('switch a purpose off', async () => {
    await page.getByTestId('tab-purposes').click();
    const analysis = page.getByTestId('purpose-usage_analysis');
    await expect(analysis).toBeChecked();
    await analysis.click();
    await expect(analysis).not.toBeChecked();
    await expect(page.getByTestId('purpose-saved')).toBeVisible();
    await expect(page.getByTestId('purpose-service_delivery-required')).toBeVisible();
    await expect(page.getByTestId('purpose-history-row')).toHaveCount(3);
    await shot(page, '05-purposes');
  });

  await test.step('download the export and check its content', async () => {
    await page.getByTestId('tab-export').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    const file = await (await download).path();
    await expect(page.getByTestId('export-done')).toBeVisible();
    const doc = JSON.parse(fs.readFileSync(file!, 'utf8'));
    expect(doc.schema_version).toBe('1.0');
    expect(doc.subject.id).toBe('1001');
    expect(doc.categories.contact.records.phone).toBe('+4740000000');
    expect(doc.categories.history.records.login_history).toHaveLength(50);
    expect(doc.categories.customer_relationship.records.invoices).toHaveLength(3);
    expect(doc.categories.marketing.records.newsletter.subscribed).toBe(false);
    const analysis = doc.categories.consents.records.purposes.find((p: { key: string }) => p.key === 'usage_analysis');
    expect(analysis.active).toBe(false);
    await shot(page, '06-export');
  });

  await test.step('download the page to read, in the widget language', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-html-button').click();
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toMatch(/\.html$/);
    const html = fs.readFileSync(file!, 'utf8');
    expect(html.startsWith('<!doctype html><html lang="nb">')).toBe(true);
    expect(html).toContain('Kontaktopplysninger');
    expect(html.match(/203\.0\.113\./g)).toHaveLength(50);
    const view = await page.context().newPage();
    await view.setContent(html);
    await expect(view.locator('h1')).toHaveText('Dine personopplysninger');
    await view.setViewportSize({ width: 1280, height: 900 });
    await shot(view, '06b-export-html');
    await view.close();
  });

  await test.step('preview erasure, then file the request', async () => {
    await page.getByTestId('tab-requests').click();
    await page.getByTestId('erasure-start').click();
    await expect(page.getByTestId('erasure-preview')).toBeVisible();
    // Kept by law: two invoices within their five years, the domain while registered;
    // apart from them, the active service, which runs until its contract ends; erased
    // now: among others the 50 logins.
    await expect(page.getByTestId('erasure-keep-row')).toHaveCount(3);
    await expect(page.getByTestId('erasure-contract-row')).toHaveCount(1);
    await expect(page.getByTestId('erasure-contract-row')).toContainText('Webhotell Medium');
    await expect(page.getByTestId('erasure-keep-row').first()).toContainText('kari-nordmann.no');
    await expect(page.getByTestId('erasure-timeline')).toContainText('180');
    await shot(page, '07-erasure-preview');
    await page.getByTestId('erasure-next').click();
    await page.getByTestId('erasure-continue').click();
    await expect(page.getByTestId('erasure-grounds-error')).toBeVisible();
    await page.getByTestId('erasure-ground-no_longer_necessary').check();
    await page.getByTestId('erasure-details').fill('Jeg har flyttet til en annen leverandør.');
    await page.getByTestId('erasure-continue').click();
    await expect(page.getByTestId('erasure-confirm')).toBeVisible();
    await shot(page, '08-erasure-confirm');
    await page.getByTestId('erasure-file').click();
    await expect(page.getByTestId('request-filed')).toBeVisible();
    const row = page.locator('[data-testid="request-row"][data-kind="erasure"]');
    await expect(row).toHaveAttribute('data-status', 'submitted');
    await expect(row.getByTestId('request-due').locator('time')).toHaveAttribute('datetime', dueDate(new Date()));
    await shot(page, '09-request-listed');
  });

  await test.step('switch the language to Swedish', async () => {
    await page.getByTestId('lang-select').selectOption('sv');
    await expect(page.getByTestId('tab-overview')).toHaveText('Mina uppgifter');
    await expect(page.getByTestId('tab-requests')).toHaveText('Begäranden');
    await shot(page, '10-swedish');
  });

  expect(consoleErrors).toEqual([]);
});

test('a used launch token is refused with a clear message', async ({ browser }) => {
  const token = mint('2002');
  const first = await browser.newPage();
  await openHostPage(first, token);
  await expect(first.getByTestId('person-name')).toHaveText('Ingrid Berg');
  const second = await browser.newPage();
  await openHostPage(second, token);
  await expect(second.getByTestId('login-error')).toBeVisible();
  await shot(second, '11-token-reused');
});

test('the demo client area embeds the widget and the host styles stay out', async ({ page }) => {
  await page.goto('/demo?person=3001');
  await expect(page.getByTestId('person-name')).toHaveText('Anna Svensson');
  await expect(page.getByTestId('tab-overview')).toHaveText('Mina uppgifter');
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('contact-personnummer')).toContainText('19850312-****');
  // The demo page styles buttons in upper case; the widget's own stay as written.
  const transform = await page.getByTestId('contact-save').evaluate(el => getComputedStyle(el).textTransform);
  expect(transform).not.toBe('uppercase');
  await shot(page, '12-demo-page-swedish');
});
