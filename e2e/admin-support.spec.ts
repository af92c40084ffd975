// A company admin acting for an employee, and support deciding on the request, in real
// headless Chromium: admin 2001 opens an employee, corrects their phone and files an
// erasure request for them; support S1 finds it by the employee's e-mail, extends the
// deadline with a reason, takes it and executes it; the employee then sees the result.
//
// The employee is 2003, not 2002: spec files run in name order in one server, and
// customer.spec.ts later logs in as 2002 expecting the name an erasure would remove.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, 'target', 'e2e-data');
const shots = path.join(root, 'target', 'e2e-artifacts');
fs.mkdirSync(shots, { recursive: true });

const employee = { id: '2003', name: 'Lars Johansen', email: 'lars.johansen@nordlys.example.no' };

/** A launch token from the command line tool, signed with the demo host key. */
function mint(person: string, ...extra: string[]): string {
  return execFileSync(path.join(root, 'target', 'debug', 'privacy-portal'), ['mint-token', person, ...extra], {
    env: { ...process.env, PORTAL_DATA_DIR: dataDir },
  }).toString().trim();
}

/** A minimal host page embedding the widget exactly as the README tells hosts to. */
async function openHostPage(page: Page, token: string, locale = 'nb') {
  await page.route('**/e2e-host', route => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
      <body><h1>Client area</h1>
      <script type="module" src="/widget/privacy-portal.js"></script>
      <privacy-portal launch-token="${token}" locale="${locale}"></privacy-portal></body></html>`,
  }));
  await page.goto('/e2e-host');
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test('an admin files for an employee, support extends and executes, the employee sees the result', async ({ browser }) => {
  const consoleErrors: string[] = [];
  const admin = await browser.newPage();
  admin.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  await openHostPage(admin, mint('2001'));

  await test.step('the admin picks the employee and sees the banner', async () => {
    await expect(admin.getByTestId('person-name')).toHaveText('Ola Hansen');
    await admin.getByTestId('people-select').selectOption(employee.id);
    await expect(admin.getByTestId('acting-banner')).toContainText(`Du handler på vegne av ${employee.name}`);
    await shot(admin, '21-admin-acting-for');
  });

  await test.step('the admin corrects the phone number', async () => {
    await admin.getByTestId('tab-contact').click();
    await admin.getByTestId('contact-phone').fill('+47 911 22 333');
    await admin.getByTestId('contact-save').click();
    await expect(admin.getByTestId('contact-saved')).toBeVisible();
  });

  await test.step('the admin files an erasure request for the employee', async () => {
    await admin.getByTestId('tab-requests').click();
    await admin.getByTestId('erasure-start').click();
    await expect(admin.getByTestId('erasure-preview')).toBeVisible();
    await admin.getByTestId('erasure-next').click();
    await admin.getByTestId('erasure-ground-no_longer_necessary').check();
    await admin.getByTestId('erasure-details').fill('Lars har sluttet hos oss.');
    await admin.getByTestId('erasure-continue').click();
    await admin.getByTestId('erasure-file').click();
    await expect(admin.locator('[data-testid="request-row"][data-kind="erasure"]')).toBeVisible();
    await shot(admin, '22-admin-filed');
  });
  await admin.close();

  const support = await browser.newPage();
  support.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  await openHostPage(support, mint('S1'));

  await test.step('support finds the request by the e-mail', async () => {
    await expect(support.getByTestId('support-console')).toBeVisible();
    await support.getByTestId('queue-search').fill(employee.email);
    await support.getByTestId('queue-apply').click();
    await expect(support.getByTestId('queue-row')).toHaveCount(1);
    await expect(support.getByTestId('queue-row')).toContainText(employee.name);
    await support.getByTestId('queue-open').click();
    await expect(support.getByTestId('detail-subject')).toContainText(employee.email);
    await shot(support, '23-support-detail');
  });

  await test.step('support extends the deadline with a reason', async () => {
    await support.getByTestId('detail-extend').click();
    await support.getByTestId('extend-months').selectOption('1');
    await support.getByTestId('extend-text').fill('Vi må avklare hva som ligger i regnskapet.');
    await support.getByTestId('extend-submit').click();
    await expect(support.getByTestId('detail-extend')).toHaveCount(0);
  });

  await test.step('support takes the request and executes it after confirming', async () => {
    await support.getByTestId('detail-assign').click();
    await expect(support.getByTestId('detail-assignee')).toContainText('S1');
    await support.getByTestId('detail-execute').click();
    await expect(support.getByTestId('execute-confirm')).toContainText('kan ikke angres');
    await support.getByTestId('execute-confirm-button').click();
    await expect(support.getByTestId('support-erasure-result')).toBeVisible();
    await expect(support.getByTestId('detail-status')).toHaveAttribute('data-status', 'completed');
    await shot(support, '24-support-executed');
  });
  await support.close();

  const subject = await browser.newPage();
  subject.on('console', msg => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  await openHostPage(subject, mint(employee.id));

  await test.step('the employee sees what the admin did', async () => {
    await expect(subject.locator('[data-testid="activity-row"][data-action="contact.corrected"]')).toBeVisible();
  });

  await test.step('the employee sees what was erased and what is kept until when', async () => {
    await subject.getByTestId('tab-requests').click();
    const result = subject.getByTestId('erasure-result');
    await expect(result).toBeVisible();
    await expect(subject.getByTestId('request-extension')).toContainText('regnskapet');
    await expect(result).toContainText('180');
    const kept = result.getByTestId('erasure-keep-row');
    if (await kept.count() > 0) {
      await expect(kept.first().locator('td').nth(2)).not.toBeEmpty();
    }
    await shot(subject, '25-employee-result');
  });

  expect(consoleErrors).toEqual([]);
});
