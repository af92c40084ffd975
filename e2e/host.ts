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

/** A screenshot of the whole page, or with `fullPage = false` of what the window shows. */
export async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

/** Collects the page's console errors; a test ends by asserting there were none. */
export function consoleErrors(page: Page, into: string[]) {
  page.on('console', msg => { if (msg.type() === 'error') into.push(msg.text()); });
}

/** Screenshots at the two widths the widget is reviewed at: a desktop and a phone. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The page must not scroll sideways: anything wide scrolls inside the widget, if at all. */
export async function expectNoSideScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth) {
    // Name the widest culprits, so a failure says where to look.
    const culprits = await page.evaluate(() => {
      const out: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        root.querySelectorAll('*').forEach(el => {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1 && r.width > 0) {
            out.push(`${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/ /g, '.')}[${el.getAttribute('data-testid') ?? ''}] ${Math.round(r.right)}`);
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        });
      };
      walk(document);
      return out.slice(0, 8);
    });
    throw new Error(`${what}: the page is ${scrollWidth}px wide in a ${innerWidth}px window; too wide: ${culprits.join(', ')}`);
  }
}

/** The visible headings of the page and its open shadow roots, in reading order. */
export async function headings(page: Page): Promise<{ level: number; text: string }[]> {
  return page.evaluate(() => {
    const out: { level: number; text: string }[] = [];
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const el of Array.from(root.children)) {
        if (/^H[1-6]$/.test(el.tagName) && el.getClientRects().length > 0) {
          out.push({ level: Number(el.tagName[1]), text: (el.textContent ?? '').trim() });
        }
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(document);
    return out;
  });
}

/** axe-core's heading-order rule: going deeper, a heading is at most one level below the
 * one before it. */
export async function expectHeadingOrder(page: Page, what: string) {
  const list = await headings(page);
  for (let i = 1; i < list.length; i++) {
    if (list[i].level > list[i - 1].level + 1) {
      throw new Error(`${what}: h${list[i].level} "${list[i].text}" follows h${list[i - 1].level} "${list[i - 1].text}"`);
    }
  }
}
