// Times the widget's first content in headless Chromium on the demo host page, and counts
// the bytes of widget files each role's first view downloads. Used by `scripts/bench widget`.
//
//   node scripts/widget-load.mjs http://127.0.0.1:PORT [runs]
//
// For a customer (1001), a company admin (2001) and support (S1), `runs` times each (median
// printed): navigation to first content (the overview's first category; the support
// queue's first row) with a cold cache, with a warm cache (the same browser profile again),
// and cold over a throttled fast-3G network (1.6 Mbit/s down, 750 kbit/s up, 150 ms round
// trip, through the DevTools protocol). Bytes are the encoded (compressed) bodies of the
// files under /widget/ fetched until the network is idle: what that role's first view costs.
import { chromium } from '@playwright/test';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!base) {
  console.error('usage: node scripts/widget-load.mjs BASE_URL [runs]');
  process.exit(2);
}

const roles = [
  { name: 'customer', person: '1001', ready: (p) => p.getByTestId('panel-overview').locator('section.category').first() },
  { name: 'company admin', person: '2001', ready: (p) => p.getByTestId('panel-overview').locator('section.category').first() },
  { name: 'support', person: 'S1', ready: (p) => p.getByTestId('queue-row').first() },
];

const FAST_3G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

/** Milliseconds from navigation start to first content, and the widget bytes fetched. */
async function visit(page, role, { measureBytes = false } = {}) {
  const bytes = [];
  const encodings = new Set();
  if (measureBytes) {
    page.on('response', async (r) => {
      if (!new URL(r.url()).pathname.startsWith('/widget/')) return;
      const enc = (await r.allHeaders())['content-encoding'];
      if (enc) encodings.add(enc);
      const size = (await r.request().sizes()).responseBodySize;
      bytes.push(size);
    });
  }
  await page.goto(`${base}/demo?person=${role.person}`);
  await role.ready(page).waitFor({ state: 'visible', timeout: 120_000 });
  const ms = await page.evaluate(() => performance.now());
  if (measureBytes) await page.waitForLoadState('networkidle');
  return { ms, bytes: bytes.reduce((a, b) => a + b, 0), encodings: [...encodings] };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const rows = [];
for (const role of roles) {
  const cold = [];
  const warm = [];
  const slow = [];
  let first;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const c = await visit(page, role, { measureBytes: i === 0 });
    if (i === 0) {
      first = c;
      // The same first view for a browser that takes gzip only (the budget's measure).
      const gz = await browser.newContext({ extraHTTPHeaders: { 'Accept-Encoding': 'gzip' } });
      first.gzip = await visit(await gz.newPage(), role, { measureBytes: true });
      await gz.close();
    }
    cold.push(c.ms);
    warm.push((await visit(page, role)).ms);
    await context.close();

    const throttled = await browser.newContext();
    const p3g = await throttled.newPage();
    const cdp = await throttled.newCDPSession(p3g);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    slow.push((await visit(p3g, role)).ms);
    await throttled.close();
  }
  rows.push({ role: role.name, cold: median(cold), warm: median(warm), slow: median(slow), first });
}
await browser.close();

console.log(`widget in headless Chromium, demo host page, median of ${runs}: navigation to first content`);
console.log(`  ${'role'.padEnd(14)} ${'cold'.padStart(9)} ${'warm'.padStart(9)} ${'fast 3G'.padStart(9)}   first view's widget files`);
const kb = (v) => `${(v.bytes / 1024).toFixed(1)} KB ${v.encodings.join(', ') || 'identity'}`;
for (const r of rows) {
  console.log(
    `  ${r.role.padEnd(14)} ${r.cold.toFixed(0).padStart(6)} ms ${r.warm.toFixed(0).padStart(6)} ms ${r.slow.toFixed(0).padStart(6)} ms   ${kb(r.first)}, ${kb(r.first.gzip)}`,
  );
}
