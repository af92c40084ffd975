// A company admin acting for an employee, and support deciding on the request, in real
// headless Chromium: admin 2001 opens an employee, corrects their phone and files an
// erasure request for them; the employee sees both; support S1 finds the request by the
// employee's e-mail, extends the deadline with a reason, takes it and executes it; the
// admin then sees the result for the employee, whose own login opens nothing any more.
//
// The employee is 2003, not 2002: spec files run in name order in one server, and
// customer.spec.ts later logs in as 2002 expecting the name an erasure would remove.
// 2003 is the registrant of a domain that is still registered, so the erasure keeps
// that registrant data until the domain expires, and the result must say so.
import { test, expect } from '@playwright/test';
import { consoleErrors as collect, mint, openHostPage, shot } from './host';

const employee = {
  id: '2003', name: 'Lars Johansen', email: 'lars.johansen@nordlys.example.no', domain: 'larsjohansen.no',
};
// The demo registers the employee's domain until 14 March next year.
const domainExpiresYear = String(new Date().getFullYear() + 1);

test('an admin files for an employee, support extends and executes, the admin sees the result', async ({ browser }) => {
  const consoleErrors: string[] = [];
  const admin = await browser.newPage();
  collect(admin, consoleErrors);
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

  const subject = await browser.newPage();
  collect(subject, consoleErrors);
  await openHostPage(subject, mint(employee.id));

  await test.step('the employee sees what the admin did, and the request filed for them', async () => {
    await expect(subject.locator('[data-testid="activity-row"][data-action="contact.corrected"]')).toBeVisible();
    await subject.getByTestId('tab-requests').click();
    await expect(subject.locator('[data-testid="request-row"][data-kind="erasure"]')).toBeVisible();
  });
  await subject.close();

  const support = await browser.newPage();
  collect(support, consoleErrors);
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
    await expect(support.getByTestId('detail-events')).toContainText('Fristen forlenget');
  });

  await test.step('support notes for colleagues what was checked', async () => {
    await expect(support.getByTestId('detail-no-notes')).toBeVisible();
    await support.getByTestId('detail-add-note').click();
    await support.getByTestId('note-text').fill('Sjekket: domenet hans er fortsatt registrert.');
    await support.getByTestId('note-submit').click();
    await expect(support.getByTestId('detail-note')).toHaveCount(1);
    await expect(support.getByTestId('detail-note')).toContainText('domenet hans');
  });

  await test.step('support takes the request and executes it after confirming', async () => {
    await support.getByTestId('detail-assign').click();
    await expect(support.getByTestId('detail-assignee')).toContainText('S1');
    await support.getByTestId('detail-execute').click();
    await expect(support.getByTestId('execute-confirm')).toContainText('kan ikke angres');
    // The same preview the person saw: what goes now, what the law keeps, until when.
    const preview = support.getByTestId('support-erasure-preview');
    await expect(preview).toBeVisible();
    await expect(preview.getByTestId('erasure-keep-row').first()).toContainText(employee.domain);
    await shot(support, '23b-support-execute-preview');
    await support.getByTestId('execute-confirm-button').click();
    await expect(support.getByTestId('support-erasure-result')).toBeVisible();
    await expect(support.getByTestId('detail-status')).toHaveAttribute('data-status', 'completed');
    await expect(support.getByTestId('support-erasure-result')).toContainText(employee.domain);
    await shot(support, '24-support-executed');
  });

  await test.step('support tells each recipient of the erasure and marks it done', async () => {
    const tasks = support.getByTestId('detail-recipient-tasks').getByTestId('recipient-task');
    await expect(tasks.first()).toBeVisible();
    const norid = support.getByTestId('detail-recipient-tasks').locator('[data-testid="recipient-task"][data-recipient="norid"]');
    await expect(norid).toHaveAttribute('data-done', 'false');
    await norid.getByTestId('task-done').click();
    await expect(norid).toHaveAttribute('data-done', 'true');
  });
  await support.close();

  // The employee's place on the company account is erased: the admin sees the result.
  const after = await browser.newPage();
  collect(after, consoleErrors);
  await openHostPage(after, mint('2001'));
  await after.getByTestId('people-select').selectOption(employee.id);

  await test.step('the admin sees what was erased and what is kept until when', async () => {
    await after.getByTestId('tab-requests').click();
    const result = after.getByTestId('erasure-result');
    await expect(result).toBeVisible();
    await expect(after.getByTestId('request-extension')).toContainText('regnskapet');
    // The due date shown is the extended one the note names.
    const due = (await after.getByTestId('request-due').first().innerText()).trim();
    await expect(after.getByTestId('request-extension')).toContainText(due);
    await expect(result).toContainText('180');
    const keptDomain = result.getByTestId('erasure-keep-row').filter({ hasText: employee.domain });
    await expect(keptDomain).toHaveCount(1);
    await expect(keptDomain.locator('td').nth(2)).toContainText(domainExpiresYear);
    await shot(after, '25-employee-result');
  });

  await test.step('the admin sees to whom the erasure was passed on', async () => {
    const rows = after.getByTestId('passed-on-row');
    await expect(rows.and(after.locator('[data-recipient="norid"][data-reason="erasure"]')))
      .toHaveAttribute('data-done', 'true');
    // The admin's phone correction went to Norid too; support has not told them yet.
    await expect(rows.and(after.locator('[data-recipient="norid"][data-reason="rectification"]')))
      .toHaveAttribute('data-done', 'false');
  });

  await test.step("the employee's erased login opens nothing on the account", async () => {
    const refused = await browser.newPage();
    await openHostPage(refused, mint(employee.id));
    await expect(refused.getByTestId('login-error')).toBeVisible();
    await shot(refused, '26-erased-login-refused');
    await refused.close();
  });

  expect(consoleErrors).toEqual([]);
});
