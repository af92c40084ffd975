// Contact details as people write them, in real headless Chromium: a phone number in the
// national form of the chosen country (saved as E.164, shown grouped), the country as a
// list of names, and characters the billing store cannot hold refused in the browser and
// by the API alike.
//
// Kari ends as she began (Norway, her number): the files after this one expect her so.
import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { DESKTOP, PHONE, consoleErrors as collect, mint, openHostPage, shot } from './host';

async function saveContact(page: Page) {
  await page.getByTestId('contact-save').click();
  await expect(page.getByTestId('contact-saved')).toBeVisible();
}

/** A session straight from the API, to see what the server itself accepts. */
async function apiSession(request: APIRequestContext, person: string): Promise<string> {
  const resp = await request.post('/api/session', { data: { launch_token: mint(person) } });
  expect(resp.ok()).toBe(true);
  return (await resp.json()).session_token;
}

test('a phone number is typed as at home, stored in E.164 and shown grouped', async ({ page }) => {
  const errors: string[] = [];
  collect(page, errors);
  await page.setViewportSize(DESKTOP);
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-contact').click();
  const phone = page.getByTestId('contact-phone');
  const country = page.getByTestId('contact-country');

  await test.step('the stored number reads as people write it; the country is a named list', async () => {
    await expect(phone).toHaveValue('+47 912 34 567');
    await expect(country).toHaveValue('NO');
    await expect(country.locator('option:checked')).toHaveText('Norge');
    for (const name of ['Sverige', 'Danmark', 'Finland', 'Island', 'Tyskland', 'Storbritannia']) {
      await expect(country.locator('option', { hasText: name })).toHaveCount(1);
    }
    await expect(page.getByTestId('contact-phone-hint')).toContainText('912 34 567');
  });

  await test.step('Norwegian national forms are accepted as typed', async () => {
    for (const typed of ['91234567', '912 34 567', '0047 91234567', '+47 912 34 567']) {
      await phone.fill(typed);
      await expect(page.getByTestId('contact-phone-error')).toHaveCount(0);
      await expect(phone).toHaveAttribute('aria-invalid', 'false');
    }
  });

  await test.step('the country decides: a Swedish number in Swedish form', async () => {
    await phone.fill('912 34 567');
    await country.selectOption('SE');
    // 912 34 567 is no Swedish national number; the hint shows the Swedish form.
    await expect(page.getByTestId('contact-phone-error')).toBeVisible();
    await expect(page.getByTestId('contact-phone-hint')).toContainText('070-123 45 67');
    await phone.fill('070-123 45 67');
    await expect(page.getByTestId('contact-phone-error')).toHaveCount(0);
    await saveContact(page);
    await expect(phone).toHaveValue('+46 70 123 45 67');
    await expect(country.locator('option:checked')).toHaveText('Sverige');
    await shot(page, '51-contact-swedish-number');
  });

  await test.step('back to Norway, typed without the country code', async () => {
    await country.selectOption('NO');
    await phone.fill('912 34 567');
    await saveContact(page);
    await expect(phone).toHaveValue('+47 912 34 567');
  });

  await test.step('the country names follow the display language', async () => {
    await page.getByTestId('lang-select').selectOption('en');
    await expect(country.locator('option:checked')).toHaveText('Norway');
    await page.getByTestId('lang-select').selectOption('nb');
  });

  await test.step('on a phone', async () => {
    await page.setViewportSize(PHONE);
    await shot(page, '52-phone-contact');
  });
  expect(errors).toEqual([]);
});

test('emoji and other 4-byte characters are refused in every contact field, in the browser and by the API', async ({ page, request }) => {
  const errors: string[] = [];
  collect(page, errors);
  await openHostPage(page, mint('1001'));
  await page.getByTestId('tab-contact').click();
  const city = page.getByTestId('contact-city');
  await expect(city).toHaveValue('Oslo');

  await test.step('the browser says so as it is typed', async () => {
    await city.fill('Oslo 😀');
    await expect(page.getByTestId('contact-city-error')).toContainText('tegn vi ikke kan lagre');
    await expect(page.getByTestId('contact-save')).toBeDisabled();
    await page.getByTestId('contact-name').fill('𝐊𝐚𝐫𝐢 Nordmann');
    await expect(page.getByTestId('contact-name-error')).toContainText('tegn vi ikke kan lagre');
    await shot(page, '53-contact-emoji-refused');
    await city.fill('Oslo');
    await page.getByTestId('contact-name').fill('Kari Nordmann');
    await expect(page.getByTestId('contact-save')).toBeEnabled();
  });

  await test.step('the API refuses them too, and reads a national number in the form\'s country', async () => {
    const token = await apiSession(request, '1001');
    const headers = { Authorization: `Bearer ${token}` };
    const current = await (await request.get('/api/me/contact', { headers })).json();
    const refused = await request.put('/api/me/contact', {
      headers,
      data: { version: current.version, details: { ...current.details, street: 'Storgata 1 🏠' } },
    });
    expect(refused.status()).toBe(422);
    const body = await refused.json();
    expect(body.error.fields).toEqual([{ field: 'street', code: 'unsupported_characters' }]);
    const national = await request.put('/api/me/contact', {
      headers,
      data: { version: current.version, details: { ...current.details, phone: '912 34 567' } },
    });
    expect(national.status()).toBe(200);
    expect((await national.json()).details.phone).toBe('+4791234567');
  });
  expect(errors).toEqual([]);
});
