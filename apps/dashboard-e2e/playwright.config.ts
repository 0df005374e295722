import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const workspaceRoot = path.resolve(__dirname, '../..');
const port = Number(process.env['E2E_PORT'] ?? 4310);
/** Set E2E_BASE_URL to run against a server that is already up (no embedded database is started). */
const externalBaseURL = process.env['E2E_BASE_URL'];
const baseURL = externalBaseURL ?? `http://127.0.0.1:${port}`;
// Issue #16: a real SMTP server (smtp-server) started by global setup on port + 3; journeys read what it
// received at http://127.0.0.1:<port + 2>/messages.
process.env['SMTP_SINK_PORTS'] ??= `${port + 3},${port + 2}`;

// A throw-away embedded PostgreSQL for the run (unless DATABASE_URL is set), seeded with the demo data.
const dataParent = mkdtempSync(path.join(tmpdir(), 'huddle-e2e-'));
chmodSync(dataParent, 0o755);

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: path.join(workspaceRoot, 'dist/e2e/test-results'),
  globalSetup: './src/support/smtp-sink.global-setup.ts',
  fullyParallel: false,
  workers: 1,
  // One retry: a test that passes only on retry is reported as "flaky" in the list output, not hidden.
  retries: 1,
  reporter: [['list'], ['html', { outputFolder: path.join(workspaceRoot, 'dist/e2e/report'), open: 'never' }]],
  timeout: 30_000,
  use: {
    baseURL,
    // Angular Material honours reduced motion: a dialog then opens (and focuses its first field) at once.
    // With its opening animation a slow machine let a journey type into the next field before the dialog's
    // own focus arrived, and the text landed in the first field (CI: medication and huddle-note dialogs).
    contextOptions: { reducedMotion: 'reduce' },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: externalBaseURL
    ? undefined
    : {
        command: 'node -r ./tools/scripts/api-aliases.cjs dist/apps/api/apps/api/src/main.js',
        cwd: workspaceRoot,
        url: `${baseURL}/api/health/ready`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
        env: {
          PORT: String(port),
          EMBEDDED_PG_DIR: path.join(dataParent, 'pg'),
          EMBEDDED_PG_PORT: String(port + 1),
          SEED_DEMO: 'true',
          // Every test signs in through the login page; keep the per-email login limit out of the way.
          LOGIN_RATE_LIMIT_PER_MINUTE: '500',
          // Journeys check many 403/404 pages from one address; keep the refusal limit (issue #14) out of the way.
          REFUSAL_LIMIT_PER_MINUTE: '500',
          LOG_LEVEL: 'warn',
          DASHBOARD_DIST: path.join(workspaceRoot, 'dist/apps/dashboard/browser'),
          SMTP_URL: `smtp://127.0.0.1:${port + 3}`,
          PUBLIC_URL: baseURL,
          // CMS159's value sets from the public deck (../shared/fixtures, read in place): the leadership panel.
          MEASURE_VALUE_SETS_DIR:
            process.env['MEASURE_VALUE_SETS_DIR'] ??
            path.join(workspaceRoot, '../shared/fixtures/cms159-2025/valuesets'),
        },
      },
});
