// Support's other decisions, in real headless Chromium: a restriction of processing
// granted, told to the recipients, announced and lifted, with the customer seeing each
// step in their own portal; and a rejection, which the customer sees with the reason and
// the supervisory authority to complain to.
import { test, expect, Page } from '@playwright/test';
import { consoleErrors as collect, mint, openHostPage, shot } from './host';

const anna = { id: '3001', email: 'anna.svensson@example.se' };
const ingrid = { id: '2002', email: 'ingrid.berg@nordlys.example.no' };

/** Support S1 opens the only pending request of `kind` found by `email`. */
async function openInConsole(page: Page, email: string, kind: string) {
  await expect(page.getByTestId('support-console')).toBeVisible();
  await page.getByTestId('queue-search').fill(email);
  await page.getByTestId('queue-kind').selectOption(kind);
  await page.getByTestId('queue-apply').click();
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await page.getByTestId('queue-open').click();
  await expect(page.getByTestId('detail-subject')).toContainText(email);
}

/** The customer's overview, freshly loaded in a new session. */
async function customerOverview(page: Page, person: string) {
  await openHostPage(page, mint(person), 'sv');
  await expect(page.getByTestId('overview-controller')).toBeVisible();
}

test('support grants a restriction, tells the recipients, then announces and lifts it', async ({ browser }) => {
  const errors: string[] = [];
  const customer = await browser.newPage();
  collect(customer, errors);

  await test.step('the customer files a restriction request', async () => {
    await openHostPage(customer, mint(anna.id), 'sv');
    await customer.getByTestId('tab-requests').click();
    await customer.getByTestId('restriction-start').click();
    await expect(customer.getByTestId('restriction-warning')).toBeVisible();
    await customer.getByTestId('restriction-ack').check();
    await customer.getByTestId('restriction-contested').fill('Min adress är fel.');
    await customer.getByTestId('restriction-reason').fill('Jag flyttade i somras.');
    await customer.getByTestId('restriction-file').click();
    await expect(customer.locator('[data-testid="request-row"][data-kind="restriction"]')).toBeVisible();
  });

  const support = await browser.newPage();
  collect(support, errors);
  await openHostPage(support, mint('S1'));

  await test.step('support grants it; every recipient gets a task', async () => {
    await openInConsole(support, anna.email, 'restriction');
    await expect(support.getByTestId('detail-execute')).toHaveCount(0);
    // Granting needs someone who answers for it.
    await expect(support.getByTestId('detail-grant')).toBeDisabled();
    await support.getByTestId('detail-assign').click();
    await support.getByTestId('detail-grant').click();
    await expect(support.getByTestId('detail-status')).toHaveAttribute('data-status', 'completed');
    await expect(support.getByTestId('detail-restriction')).toHaveAttribute('data-state', 'in_force');
    await expect(support.getByTestId('detail-events')).toContainText('Godkjent');
    const tasks = support.getByTestId('detail-recipient-tasks').getByTestId('recipient-task');
    await expect(tasks.first()).toBeVisible();
    const stripe = support.getByTestId('detail-recipient-tasks')
      .locator('[data-testid="recipient-task"][data-recipient="stripe"]');
    await stripe.getByTestId('task-done').click();
    await expect(stripe).toHaveAttribute('data-done', 'true');
    // The console's list of open notifications loads again after the decision.
    const open = support.getByTestId('open-recipient-tasks').getByTestId('recipient-task');
    // Her only domain is a .se: the other registries are told, Norid is not.
    await expect(open.filter({ hasText: 'Andre toppdomeneregistre' }).filter({ hasText: 'Anna Svensson' })).toHaveCount(1);
    await expect(open.filter({ hasText: 'Norid AS' }).filter({ hasText: 'Anna Svensson' })).toHaveCount(0);
    await expect(open.filter({ hasText: 'Anna Svensson' }).getByTestId('task-contact').first()).toBeVisible();
    await shot(support, '31-support-restriction-granted');
  });

  await test.step('the customer sees the restriction and to whom it was passed on', async () => {
    await customerOverview(customer, anna.id);
    const notice = customer.getByTestId('restriction-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Min adress är fel.');
    await expect(customer.getByTestId('restriction-lifting')).toHaveCount(0);
    await customer.getByTestId('tab-requests').click();
    await expect(customer.locator('[data-testid="passed-on-row"][data-recipient="stripe"]'))
      .toHaveAttribute('data-done', 'true');
    await shot(customer, '32-customer-restricted');
  });

  await test.step('support tells the customer first, then lifts it after confirming', async () => {
    await support.getByTestId('restriction-announce').click();
    await expect(support.getByTestId('detail-restriction')).toHaveAttribute('data-state', 'announced');
    await customerOverview(customer, anna.id);
    await expect(customer.getByTestId('restriction-lifting')).toBeVisible();

    await support.getByTestId('restriction-lift').click();
    await expect(support.getByTestId('lift-confirm')).toBeVisible();
    await support.getByTestId('lift-confirm-button').click();
    await expect(support.getByTestId('detail-restriction')).toHaveAttribute('data-state', 'lifted');
    await expect(support.getByTestId('detail-events')).toContainText('Begrensningen opphevet');
  });

  await test.step('the customer is no longer restricted', async () => {
    await customerOverview(customer, anna.id);
    await expect(customer.getByTestId('restriction-notice')).toHaveCount(0);
  });

  expect(errors).toEqual([]);
});

test('a rejected request shows its reason and where to complain', async ({ browser }) => {
  const errors: string[] = [];
  const customer = await browser.newPage();
  collect(customer, errors);
  await openHostPage(customer, mint(ingrid.id));
  await customer.getByTestId('tab-requests').click();
  await customer.getByTestId('erasure-start').click();
  await customer.getByTestId('erasure-next').click();
  await customer.getByTestId('erasure-ground-no_longer_necessary').check();
  await customer.getByTestId('erasure-continue').click();
  await customer.getByTestId('erasure-file').click();
  await expect(customer.locator('[data-testid="request-row"][data-kind="erasure"]')).toBeVisible();

  const support = await browser.newPage();
  collect(support, errors);
  await openHostPage(support, mint('S1'));
  await openInConsole(support, ingrid.email, 'erasure');
  await support.getByTestId('detail-reject').click();
  await support.getByTestId('reject-text').fill('Du har fortsatt en aktiv avtale som ansatt hos kunden.');
  await support.getByTestId('reject-submit').click();
  await expect(support.getByTestId('detail-status')).toHaveAttribute('data-status', 'rejected');

  await openHostPage(customer, mint(ingrid.id));
  await customer.getByTestId('tab-requests').click();
  const row = customer.locator('[data-testid="request-row"][data-kind="erasure"]');
  await expect(row).toHaveAttribute('data-status', 'rejected');
  await expect(row.getByTestId('request-note')).toContainText('aktiv avtale');
  const link = row.getByTestId('request-complaint-link');
  await expect(link).toHaveText('Datatilsynet');
  await expect(link).toHaveAttribute('href', /^https:\/\/www\.datatilsynet\.no/);
  await shot(customer, '33-customer-rejected');

  expect(errors).toEqual([]);
});
