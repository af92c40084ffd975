// The widget on a phone, in real headless Chromium on the demo client area: no view may
// make the host page scroll sideways between 320 and 390 px (wide tables reflow into
// stacked rows), headings never skip a level, and a host's brand colour reaches in.
// Screenshots of every view at 390 px, and of the console at 1280 px.
//
// It only reads: Kari's pending erasure request (filed by customer.spec.ts, which runs
// before this file) is what support opens.
import { test, expect, Page } from '@playwright/test';
import {
  DESKTOP, PHONE, consoleErrors as collect, expectHeadingOrder, expectNoSideScroll, mint,
  openHostPage, shot,
} from './host';

const TABS = ['overview', 'export', 'contact', 'newsletter', 'purposes', 'requests'];
const WIDTHS = [320, 360, 390];

/** Waits until a view has loaded what it shows. */
async function settled(page: Page, panel: string) {
  const p = page.getByTestId(panel);
  await expect(p).toBeVisible();
  await expect(p.locator('.loading')).toHaveCount(0);
}

/** Every tab at every phone width: the page stays as wide as the window. */
async function everyTabFits(page: Page, who: string) {
  for (const tab of TABS) {
    await page.setViewportSize({ width: 360, height: PHONE.height });
    await page.getByTestId(`tab-${tab}`).click();
    await settled(page, `panel-${tab}`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: PHONE.height });
      await expectNoSideScroll(page, `${who}, ${tab} at ${width} px`);
    }
    await expectHeadingOrder(page, `${who}, ${tab}`);
    await page.setViewportSize(PHONE);
    await shot(page, `41-phone-${who}-${tab}`);
  }
}

test('as a customer, every tab fits a phone and headings do not skip levels', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize({ width: 360, height: PHONE.height });
  await page.goto('/demo?person=1001');
  await expect(page.getByTestId('person-name')).toHaveText('Kari Nordmann');
  await everyTabFits(page, 'customer');
  // Kari's requests reflow into one labelled block per request.
  await page.getByTestId('tab-requests').click();
  const row = page.locator('[data-testid="request-row"][data-kind="erasure"]');
  await expect(row.getByTestId('request-due')).toHaveAttribute('data-label', 'Svarfrist');
  const display = await row.evaluate(el => getComputedStyle(el).display);
  expect(display).toBe('block');
  expect(errors).toEqual([]);
});

test('as a company admin, for themself and for an employee, every tab fits a phone', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize({ width: 360, height: PHONE.height });
  await page.goto('/demo?person=2001');
  await expect(page.getByTestId('person-name')).toHaveText('Ola Hansen');
  await everyTabFits(page, 'admin');
  await page.getByTestId('people-select').selectOption('2002');
  await expect(page.getByTestId('acting-banner')).toBeVisible();
  await everyTabFits(page, 'admin-for-employee');
  expect(errors).toEqual([]);
});

test('as support, the console with a request opened fits a phone', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize({ width: 360, height: PHONE.height });
  await page.goto('/demo?person=S1');
  await expect(page.getByTestId('support-console')).toBeVisible();
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    await expectNoSideScroll(page, `support, queue at ${width} px`);
  }
  await page.setViewportSize(PHONE);
  await shot(page, '42-phone-support-queue');
  await page.locator('[data-testid="queue-row"]').filter({ hasText: 'Kari Nordmann' }).getByTestId('queue-open').click();
  await expect(page.getByTestId('detail-status')).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    await expectNoSideScroll(page, `support, request opened at ${width} px`);
  }
  await expectHeadingOrder(page, 'support console with a request opened');
  await page.setViewportSize(PHONE);
  await shot(page, '43-phone-support-detail');
  await page.setViewportSize(DESKTOP);
  await shot(page, '44-desktop-support-detail');
  expect(errors).toEqual([]);
});

test('the demo client area itself fits a phone', async ({ page }) => {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    await page.goto('/demo?person=3001');
    await expect(page.getByTestId('person-name')).toHaveText('Anna Svensson');
    await expectNoSideScroll(page, `demo page at ${width} px`);
    // The client area's menu stays reachable: it moves above the content.
    const nav = await page.locator('nav').boundingBox();
    const widget = await page.locator('privacy-portal').boundingBox();
    expect(nav!.y + nav!.height).toBeLessThanOrEqual(widget!.y);
  }
  await page.setViewportSize(PHONE);
  await shot(page, '45-phone-demo-page');
});

test('the README screenshots: the demo client area on a desktop and on a phone', async ({ page }) => {
  for (const [size, name] of [[DESKTOP, 'docs-screenshot'], [PHONE, 'docs-screenshot-phone']] as const) {
    await page.setViewportSize(size);
    await page.goto('/demo?person=1001');
    await expect(page.getByTestId('category-identification')).toBeVisible();
    // What a person sees first, not the whole page.
    await shot(page, name, false);
  }
});

test("a host's brand colour and font reach into the widget through the custom properties", async ({ page }) => {
  await openHostPage(page, mint('3001'), 'sv',
    '<style>privacy-portal { --portal-accent: rgb(122, 31, 31); --portal-font: Georgia, serif; }</style>');
  await expect(page.getByTestId('person-name')).toHaveText('Anna Svensson');
  const tab = page.getByTestId('tab-overview');
  expect(await tab.evaluate(el => getComputedStyle(el).color)).toBe('rgb(122, 31, 31)');
  expect(await tab.evaluate(el => getComputedStyle(el).fontFamily)).toContain('Georgia');
});
