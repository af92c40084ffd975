// Browser tests of the widget on the demo host page, in the machine's headless Chromium.
// The server runs in demo mode on a fresh SQLite file, serving the freshly built widget.
import { defineConfig } from '@playwright/test';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 18181);
const dataDir = path.join(root, 'target', 'e2e-data');

export default defineConfig({
  testDir: __dirname,
  // The WHMCS addon's test has servers of its own: e2e/whmcs.config.ts.
  testIgnore: ['whmcs/**'],
  outputDir: path.join(root, 'target', 'e2e-results'),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf "${dataDir}" && exec "${path.join(root, 'target', 'debug', 'privacy-portal')}" serve`,
    cwd: root,
    url: `http://127.0.0.1:${port}/widget/privacy-portal.js`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORTAL_DEMO: '1',
      PORTAL_DATA_DIR: dataDir,
      PORTAL_LISTEN: `127.0.0.1:${port}`,
      PORTAL_LOG: 'warn',
      // The suite opens a widget in nearly every test, far more often than the launch limit
      // allows one address; the limit has API tests of its own.
      PORTAL_RATE_LIMIT_LAUNCH: '0',
    },
  },
});
