// Browser test of the WHMCS addon: the addon's client-area page served by `php -S` as a
// stand-in WHMCS client area, the portal on the WHMCS fixture database in the local
// MariaDB, in the machine's headless Chromium.
import { defineConfig } from '@playwright/test';
import * as path from 'path';

import base from './playwright.config';

const root = path.resolve(__dirname, '..');
export const portalPort = Number(process.env.E2E_WHMCS_PORTAL_PORT ?? 18383);
export const clientareaPort = Number(process.env.E2E_WHMCS_CLIENTAREA_PORT ?? 18384);

export default defineConfig({
  ...base,
  testDir: path.join(__dirname, 'whmcs'),
  testIgnore: [],
  outputDir: path.join(root, 'target', 'e2e-whmcs-results'),
  use: { ...base.use, baseURL: `http://127.0.0.1:${clientareaPort}` },
  webServer: {
    command: `"${path.join(__dirname, 'whmcs', 'servers.sh')}" ${portalPort} ${clientareaPort}`,
    cwd: root,
    url: `http://127.0.0.1:${portalPort}/widget/privacy-portal.js`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
