// Filing requests, in real headless Chromium: a second request of a kind is refused only
// after the whole flow, so the list says so first and leads to the pending one; and the
// keyboard focus follows the flow instead of falling to the page.
//
// Kari's erasure request is the one customer.spec.ts (which runs before this file) filed.
// Ingrid has none yet: the flows are opened for her and cancelled.
import { test, expect } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, mint, openHostPage, shot } from './host';

test('a pending erasure request is named before a second flow starts, with the way to it', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-requests').click();
  const pending = page.getByTestId('erasure-pending');
  await expect(pending).toContainText('Du har allerede en sletteforespørsel under behandling');
  await expect(page.getByTestId('erasure-start')).toHaveCount(0);
  // Restriction has none pending: its flow can start.
  await expect(page.getByTestId('restriction-start')).toBeVisible();
  await page.getByTestId('erasure-pending-show').click();
  const row = page.locator('[data-testid="request-row"][data-kind="erasure"][data-status="submitted"]');
  await expect(row).toBeFocused();
  await expect(row).toHaveClass(/highlight/);
  await shot(page, '71-requests-pending-erasure');
  await page.setViewportSize(PHONE);
  await shot(page, '72-phone-requests-pending-erasure');
  expect(errors).toEqual([]);
});

test('the focus moves to the flow heading on Enter, and back to the button on cancel', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await openHostPage(page, mint('2002'));
  await page.getByTestId('tab-requests').click();

  await test.step('erasure', async () => {
    const start = page.getByTestId('erasure-start');
    await start.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('erasure-heading')).toBeFocused();
    await expect(page.getByTestId('erasure-preview')).toBeVisible();
    // The next step replaces the button pressed: the focus goes to the heading again.
    await page.getByTestId('erasure-next').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('erasure-ground-no_longer_necessary')).toBeVisible();
    await expect(page.getByTestId('erasure-heading')).toBeFocused();
    await page.getByTestId('erasure-back').click();
    await page.getByTestId('erasure-cancel').click();
    await expect(page.getByTestId('erasure-start')).toBeFocused();
  });

  await test.step('restriction', async () => {
    await page.getByTestId('restriction-start').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('restriction-heading')).toBeFocused();
    await page.getByTestId('restriction-cancel').click();
    await expect(page.getByTestId('restriction-start')).toBeFocused();
  });
  expect(errors).toEqual([]);
});
