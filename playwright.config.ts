import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const STATE_DIR = '.demo/e2e';

/**
 * End-to-end journeys in Debian's Chromium against the production build,
 * with its own demo cluster (state in .demo/e2e, so it never touches a demo
 * someone is running by hand).
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          // As root in CI Chromium needs --no-sandbox; the rest keep it off
          // the network it cannot reach here.
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
  // The demo (no sign-in), then two dashboards on the same demo cluster the
  // way a real cluster runs them: token sign-in, and behind an authenticating
  // proxy that is trusted from 127.0.0.1 only (e2e/support/servers.ts).
  webServer: [
    {
      // No --prod: the production build is what `npm run demo` serves by default.
      command: `tsx scripts/demo.ts --port ${PORT} --state-dir ${STATE_DIR}`,
      url: `http://localhost:${PORT}/api/nodes`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_STATE_DIR: STATE_DIR },
    },
    {
      command: `tsx scripts/dashboard-for-demo.ts --prod --auth token --port ${PORT + 1} --state-dir ${STATE_DIR}`,
      url: `http://localhost:${PORT + 1}/signin`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `tsx scripts/dashboard-for-demo.ts --prod --auth proxy --proxy-addresses 127.0.0.1 --port ${PORT + 2} --state-dir ${STATE_DIR}`,
      url: `http://127.0.0.1:${PORT + 2}/api/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
