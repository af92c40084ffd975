// A WHMCS customer in their client area: the addon's page launches the widget, which
// shows their WHMCS data: her login and the client she owns as two forms; a corrected
// phone number is in WHMCS's own tblclients after, and her login is untouched.
import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'child_process';

import { consoleErrors, DESKTOP, expectNoSideScroll, PHONE, shot } from '../host';

function whmcs(sql: string): string {
  return execFileSync('mariadb', ['-h127.0.0.1', '-uroot', '-N', '-B', 'whmcs_e2e', '-e', sql]).toString().trim();
}

async function logIn(page: Page, who: string) {
  await page.goto('/login.php');
  await page.locator('select[name=who]').selectOption(who);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.goto('/index.php?m=privacyportal');
}

test('a WHMCS customer corrects her phone number, and WHMCS has it', async ({ page }) => {
  const errors: string[] = [];
  consoleErrors(page, errors);
  await page.setViewportSize(DESKTOP);
  await logIn(page, 'user:1:1');

  // Her WHMCS data, through the addon's launch token.
  await expect(page.getByTestId('tab-overview')).toBeVisible();
  await expect(page.locator('privacy-portal')).toContainText('Kari Nordmann');
  await shot(page, 'w1-whmcs-overview');

  await page.getByTestId('tab-contact').click();
  // Her login (name, e-mail, language) has no phone; the client's details are apart.
  await expect(page.getByTestId('contact-name')).toHaveValue('Kari Nordmann');
  await expect(page.getByTestId('contact-phone')).toHaveCount(0);
  const phone = page.getByTestId('account-phone');
  await expect(phone).toHaveValue('+47 912 34 567');
  await phone.fill('912 34 000');
  await page.getByTestId('account-state').fill('Oslo');
  await page.getByTestId('account-save').click();
  await expect(page.getByTestId('account-saved')).toBeVisible();
  await page.getByTestId('account-details').scrollIntoViewIfNeeded();
  await shot(page, 'w2-whmcs-contact-saved');
  expect(whmcs('SELECT phonenumber, state FROM tblclients WHERE id = 1')).toBe('+47.91234000\tOslo');
  expect(whmcs('SELECT email FROM tblusers WHERE id = 1')).toBe('kari.nordmann@example.no');
  expect(whmcs("SELECT COUNT(*) FROM tblactivitylog WHERE user = 'Privacy portal'")).toBe('1');

  await page.setViewportSize(PHONE);
  await expectNoSideScroll(page, 'the WHMCS client area at 390 px');
  await shot(page, 'w3-whmcs-contact-phone');
  expect(errors).toEqual([]);
});

test('an employee of a company sees only the fields WHMCS keeps for her', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await logIn(page, 'user:3:2');
  await page.getByTestId('tab-contact').click();
  await expect(page.getByTestId('contact-name')).toHaveValue('Ingrid Berg');
  await expect(page.getByTestId('contact-street')).toHaveCount(0);
  await expect(page.getByTestId('contact-phone')).toHaveCount(0);
  // The company's own details are its holder's, not hers.
  await expect(page.getByTestId('contact-history')).toBeVisible();
  await expect(page.getByTestId('account-details')).toHaveCount(0);
  await shot(page, 'w4-whmcs-employee-contact');
});

test('staff who use "Login as Owner" get no customer token', async ({ page }) => {
  await page.goto('/login.php');
  await page.locator('select[name=who]').selectOption('masquerade:1:1');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.goto('/index.php?m=privacyportal');
  await expect(page.locator('privacy-portal')).toHaveCount(0);
});

test('fields the host locked are read-only with the reason, and a taken e-mail is said so', async ({ page }) => {
  const errors: string[] = [];
  consoleErrors(page, errors);
  whmcs("UPDATE tblconfiguration SET value = 'address1,city' WHERE setting = 'ClientsProfileUneditableFields'");
  try {
    await page.setViewportSize(DESKTOP);
    await logIn(page, 'user:5:3');
    await page.getByTestId('tab-contact').click();
    // Anna's street and city are WHMCS's customer service's to change.
    await expect(page.getByTestId('account-street')).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('account-city')).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('account-postal_code')).not.toHaveAttribute('readonly', '');
    await expect(page.getByTestId('account-host-locked')).toContainText('kundtjänst');

    // Another client's billing address: WHMCS refuses it, and she reads why, in Swedish.
    await page.getByTestId('account-email').fill('kari.nordmann@example.no');
    await page.getByTestId('account-save').click();
    await expect(page.getByTestId('account-email-error')).toContainText('används redan');
    expect(whmcs('SELECT email FROM tblclients WHERE id = 3')).not.toBe('kari.nordmann@example.no');
    await page.getByTestId('account-details').scrollIntoViewIfNeeded();
    await shot(page, 'w5-whmcs-locked-and-taken');
    await page.setViewportSize(PHONE);
    await expectNoSideScroll(page, 'locked fields at 390 px');
    await shot(page, 'w6-whmcs-locked-and-taken-phone');
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  } finally {
    whmcs("UPDATE tblconfiguration SET value = '' WHERE setting = 'ClientsProfileUneditableFields'");
  }
});
