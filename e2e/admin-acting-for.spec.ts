// A company admin acting for an employee, in real headless Chromium: every view speaks of
// the employee ("Lars Johansens data"), not of "you", and the people picker names the
// admin once. It only reads and opens the erasure flow without filing: admin-support
// (which runs after this file) files for Lars.
import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, mint, openHostPage, shot } from './host';

test('the people picker lists the admin once', async ({ page }) => {
  await openHostPage(page, mint('2001'));
  await expect(page.getByTestId('person-name')).toHaveText('Ola Hansen');
  const options = page.getByTestId('people-select').locator('option');
  await expect(options.filter({ hasText: 'Ingrid Berg' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Ola Hansen' })).toHaveCount(1);
  await expect(options.first()).toHaveText('Meg selv (Ola Hansen)');
});

test('acting for Lars, every view speaks about Lars', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('2001'));
  await page.getByTestId('people-select').selectOption('2003');
  await expect(page.getByTestId('acting-banner')).toContainText('Lars Johansen');

  await test.step('his data, his rights', async () => {
    await expect(page.getByTestId('tab-overview')).toHaveText('Lars Johansens data');
    const overview = page.getByTestId('panel-overview');
    await expect(overview).toContainText('hvilke opplysninger vi har om Lars Johansen');
    await expect(overview.getByTestId('overview-rights')).toContainText('Lars Johansens rettigheter');
    await expect(overview.getByTestId('overview-rights')).not.toContainText('Dine rettigheter');
    await shot(page, '61-admin-for-lars-overview');
  });

  await test.step('his download', async () => {
    await page.getByTestId('tab-export').click();
    await expect(page.getByTestId('export-button')).toHaveText('Last ned Lars Johansens data (JSON)');
    await expect(page.getByTestId('panel-export')).toContainText('opplysningene vi har om Lars Johansen');
  });

  await test.step('his contact details, and the language we write to him in', async () => {
    await page.getByTestId('tab-contact').click();
    const panel = page.getByTestId('panel-contact');
    await expect(panel).toContainText('Rett Lars Johansens opplysninger');
    await expect(panel.locator('label[for="contact-language"]')).toHaveText('Språket vi skriver til Lars Johansen på');
  });

  await test.step('his newsletter', async () => {
    await page.getByTestId('tab-newsletter').click();
    await expect(page.getByTestId('newsletter-status')).toContainText('Lars Johansen abonnerer');
    await expect(page.getByTestId('panel-newsletter')).toContainText('Lars Johansen er');
  });

  await test.step('his requests, and grounds in his name', async () => {
    await page.getByTestId('tab-requests').click();
    const panel = page.getByTestId('panel-requests');
    await expect(panel).toContainText('Her følger du Lars Johansens forespørsler');
    await page.getByTestId('erasure-start').click();
    await page.getByTestId('erasure-next').click();
    await expect(page.locator('label[for="erasure-ground-consent_withdrawn"]'))
      .toContainText('Lars Johansen trekker tilbake samtykket sitt');
    await expect(page.getByTestId('erasure-flow')).not.toContainText('Jeg ');
    await shot(page, '62-admin-for-lars-erasure-grounds');
    await page.getByTestId('erasure-back').click();
    await page.getByTestId('erasure-cancel').click();
    await page.getByTestId('restriction-start').click();
    await expect(page.getByTestId('restriction-flow')).toContainText('tjenestene til Lars Johansen kan stanse');
    await page.getByTestId('restriction-cancel').click();
  });

  await test.step('in English too', async () => {
    await page.getByTestId('lang-select').selectOption('en');
    await expect(page.getByTestId('tab-overview')).toHaveText("Lars Johansen's data");
    await expect(page.getByTestId('panel-requests')).toContainText("Here you can follow Lars Johansen's requests");
    await page.setViewportSize(PHONE);
    await shot(page, '63-phone-admin-for-lars-requests');
  });

  await test.step('back to himself, the admin reads about himself again', async () => {
    await page.getByTestId('act-for-myself').click();
    await expect(page.getByTestId('tab-overview')).toHaveText('My data');
  });
  expect(errors).toEqual([]);
});

test("acting for Ingrid, her login is hers: name, e-mail and language are read-only", async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('2001'));
  await page.getByTestId('people-select').selectOption('2002');
  await page.getByTestId('tab-contact').click();
  const panel = page.getByTestId('panel-contact');
  await expect(panel.getByTestId('contact-login-readonly')).toHaveText(
    'Navn, e-post og språk hører til Ingrid Bergs egen innlogging, som bare Ingrid Berg selv kan endre.');
  await expect(panel.getByTestId('contact-email')).toHaveAttribute('readonly', '');
  await expect(panel.getByTestId('contact-name')).toHaveAttribute('readonly', '');
  await expect(panel.getByTestId('contact-language')).toBeDisabled();
  // The company's record of her is the admin's to correct.
  await expect(panel.getByTestId('contact-phone')).not.toHaveAttribute('readonly', '');
  await shot(page, '64-admin-for-ingrid-login-read-only');
  await page.setViewportSize(PHONE);
  await shot(page, '65-phone-admin-for-ingrid-login-read-only');

  // For himself, the admin edits his own login as before.
  await page.getByTestId('act-for-myself').click();
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('contact-email')).not.toHaveAttribute('readonly', '');
  await expect(page.getByTestId('contact-login-readonly')).toHaveCount(0);
  expect(errors).toEqual([]);
});
