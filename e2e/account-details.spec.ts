// The two kinds of details, in real headless Chromium: a person's own details and, for
// the account's holder only, the account's own details (the name, billing e-mail and
// address invoices go to) in a form of their own. An employee of a company sees no
// account form.
import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, expectNoSideScroll, mint, openHostPage, shot } from './host';

test('the holder corrects the account details apart from her own', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('5002', '--role', 'customer', '--acct', 'A501', '--locale', 'sv'), 'sv');
  await page.getByTestId('tab-contact').click();
  const account = page.getByTestId('account-details');
  await expect(account).toBeVisible();
  await expect(account.getByRole('heading')).toHaveText('Kontots uppgifter');
  await expect(page.getByTestId('account-name')).toHaveValue('Sofia Lund');
  const ownEmail = await page.getByTestId('contact-email').inputValue();

  // A bad billing e-mail is marked as it is typed, and focus goes to it on save.
  await page.getByTestId('account-email').fill('faktura@');
  await expect(page.getByTestId('account-email-error')).toBeVisible();
  await expect(page.getByTestId('account-save')).toBeDisabled();
  await page.getByTestId('account-email').fill('faktura@lund.example.se');
  await page.getByTestId('account-address2').fill('Lägenhet 1102');
  await page.getByTestId('account-state').fill('Stockholms län');
  await page.getByTestId('account-save').click();
  await expect(page.getByTestId('account-saved')).toBeVisible();
  await account.scrollIntoViewIfNeeded();
  await shot(page, '66-account-details-saved');

  // Her own e-mail (her login) is as it was; the account's is the new one.
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('contact-email')).toHaveValue(ownEmail);
  await expect(page.getByTestId('account-email')).toHaveValue('faktura@lund.example.se');
  await expect(page.getByTestId('account-state')).toHaveValue('Stockholms län');

  await page.setViewportSize(PHONE);
  await page.getByTestId('account-details').scrollIntoViewIfNeeded();
  await expectNoSideScroll(page, 'the account details at 390 px');
  await shot(page, '67-account-details-phone');
  expect(errors).toEqual([]);
});

test('an employee has no account form: the company details are its holder\'s', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('2002'));
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('contact-history')).toBeVisible();
  await expect(page.getByTestId('account-details')).toHaveCount(0);
});
