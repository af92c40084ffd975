// A support member whose role only triages (the demo's Tone Mottak, S2) works a request
// but is offered no decision: no Reject, no Execute. Siri (S1), who decides, is offered
// both on the same request. It only reads: Erik Dahl's submitted erasure stays as seeded.
import { test, expect, Page } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, expectNoSideScroll, mint, openHostPage, shot } from './host';

async function openErik(page: Page, person: string) {
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint(person));
  const row = page.locator('[data-testid="queue-row"]').filter({ hasText: 'Erik Dahl' });
  await row.getByTestId('queue-open').click();
  await expect(page.getByTestId('detail-events')).toBeVisible();
}

test('a member who only triages is offered no decision; one who decides is', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await openErik(page, 'S2');
  await expect(page.getByTestId('detail-add-note')).toBeVisible();
  await expect(page.getByTestId('detail-ask')).toBeVisible();
  await expect(page.getByTestId('detail-reject')).toHaveCount(0);
  await expect(page.getByTestId('detail-execute')).toHaveCount(0);
  // No four eyes on the demo: nothing waits for a second approval.
  await expect(page.getByTestId('detail-approve')).toHaveCount(0);
  await expect(page.getByTestId('detail-awaits-approval')).toHaveCount(0);
  await shot(page, '68-support-triage-only');
  await page.setViewportSize(PHONE);
  await expectNoSideScroll(page, 'a triage-only member\'s request at 390 px');
  await shot(page, '69-support-triage-only-phone');

  await openErik(page, 'S1');
  await expect(page.getByTestId('detail-reject')).toBeVisible();
  await expect(page.getByTestId('detail-execute')).toBeVisible();
  expect(errors).toEqual([]);
});
