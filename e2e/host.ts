// What every browser test needs: launch tokens from the command line tool, a host page
// that embeds the widget exactly as the README tells hosts to, and screenshots.
import { Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, 'target', 'e2e-data');
const shots = path.join(root, 'target', 'e2e-artifacts');
fs.mkdirSync(shots, { recursive: true });

/** A launch token from the command line tool, signed with the demo host key. */
export function mint(person: string, ...extra: string[]): string {
  return execFileSync(path.join(root, 'target', 'debug', 'privacy-portal'), ['mint-token', person, ...extra], {
    env: { ...process.env, PORTAL_DATA_DIR: dataDir },
  }).toString().trim();
}

/** A minimal host page with the widget; `head` adds host markup such as hostile styles. */
export async function openHostPage(page: Page, token: string, locale = 'nb', head = '') {
  await page.route('**/e2e-host', route => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head>
      <body><h1>Client area</h1>
      <script type="module" src="/widget/privacy-portal.js"></script>
      <privacy-portal launch-token="${token}" locale="${locale}"></privacy-portal></body></html>`,
  }));
  await page.goto('/e2e-host');
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** Collects the page's console errors; a test ends by asserting there were none. */
export function consoleErrors(page: Page, into: string[]) {
  page.on('console', msg => { if (msg.type() === 'error') into.push(msg.text()); });
}
