// The parts a first visit does not need come when they are first opened: the overview is
// there without them, and a part whose file cannot be fetched shows an error with a retry
// instead of breaking the widget.
import { test, expect } from '@playwright/test';
import { consoleErrors, mint, openHostPage, shot } from './host';

test('the first load fetches no part; an opened tab fetches its own', async ({ page }) => {
  const parts: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/(split_[a-z_]+)\.wasm/);
    if (m) parts.push(m[1]);
  });
  await openHostPage(page, mint('1001'));
  await expect(page.getByTestId('panel-overview')).toBeVisible();
  await expect(page.getByTestId('person-name')).toHaveText('Kari Nordmann');
  expect(parts).toEqual([]);
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('panel-export').locator('button').first()).toBeVisible();
  expect(parts).toEqual(['split_export']);
});

test('the records of a category come with their part when first shown', async ({ page }) => {
  const errors: string[] = [];
  consoleErrors(page, errors);
  const parts: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/(split_[a-z_]+)\.wasm/);
    if (m) parts.push(m[1]);
  });
  await openHostPage(page, mint('1001'));
  await page.getByTestId('show-records-contact').click();
  const records = page.getByTestId('records-contact');
  await expect(records).toBeVisible();
  // Her e-mail address, which no test changes (the other tests edit her phone and city).
  await expect(records).toContainText('kari.nordmann@example.no');
  expect(parts).toEqual(['split_records']);
  await shot(page, '96-records-shown');
  // Hiding and showing again, or another category, needs no second fetch.
  await page.getByTestId('show-records-contact').click();
  await expect(records).toHaveCount(0);
  await page.getByTestId('show-records-identification').click();
  await expect(page.getByTestId('records-identification')).toBeVisible();
  expect(parts).toEqual(['split_records']);
  expect(errors).toEqual([]);
});

test('a part that fails to load shows an error, and the retry loads it', async ({ page }) => {
  let refuse = true;
  await page.route(/\/split_contact\.wasm/, (route) => (refuse ? route.abort('failed') : route.continue()));
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-contact').click();
  const error = page.getByTestId('panel-contact').getByTestId('part-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('kunne ikke lastes');
  await shot(page, '95-part-failed');
  // The rest of the widget keeps working.
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('panel-overview')).toBeVisible();
  await page.getByTestId('tab-contact').click();
  refuse = false;
  await error.getByRole('button').click();
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('panel-contact').getByTestId('contact-save')).toBeVisible();
});

test('a visit fetches one language; another comes when first chosen', async ({ page }) => {
  const errors: string[] = [];
  consoleErrors(page, errors);
  const languages: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/texts-([a-z]+)\.json/);
    if (m) languages.push(m[1]);
  });
  await openHostPage(page, mint('1001'));
  await expect(page.getByTestId('tab-overview')).toHaveText('Mine data');
  expect(languages).toEqual(['nb']);
  await page.getByTestId('lang-select').selectOption('sv');
  await expect(page.getByTestId('tab-overview')).toHaveText('Mina uppgifter');
  await page.getByTestId('lang-select').selectOption('nb');
  await expect(page.getByTestId('tab-overview')).toHaveText('Mine data');
  await page.getByTestId('lang-select').selectOption('sv');
  await expect(page.getByTestId('tab-overview')).toHaveText('Mina uppgifter');
  expect(languages).toEqual(['nb', 'sv']);
  expect(errors).toEqual([]);
});

test('a language that fails to load leaves the widget in the one it shows', async ({ page }) => {
  let refuse = true;
  await page.route(/\/texts-en\.json/, (route) => (refuse ? route.abort('failed') : route.continue()));
  await openHostPage(page, mint('1001'));
  await expect(page.getByTestId('tab-overview')).toHaveText('Mine data');
  await page.getByTestId('lang-select').selectOption('en');
  // The picker goes back to the language shown, and everything still works.
  await expect(page.getByTestId('lang-select')).toHaveValue('nb');
  await expect(page.getByTestId('tab-overview')).toHaveText('Mine data');
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('panel-contact').getByTestId('contact-save')).toBeVisible();
  refuse = false;
  await page.getByTestId('lang-select').selectOption('en');
  await expect(page.getByTestId('tab-overview')).toHaveText('My data');
});
