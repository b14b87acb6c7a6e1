import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { DemoControl } from './support/demo-control';

/*
 * Issue #8: the demo cluster's faults injected while the dashboard is open.
 * Every test leaves the cluster healthy and the dashboard caught up, so the
 * journeys after it start from the usual state.
 */

const staleBanner = (page: Page) => page.getByTestId('stale-banner');
const hiddenKinds = (page: Page) => page.getByTestId('hidden-kind');

async function expectCaughtUp(page: Page): Promise<void> {
  await expect.poll(async () => {
    const res = await page.request.get('/api/sync');
    const body = (await res.json()) as { stale: boolean; hidden: unknown[] };
    return !body.stale && body.hidden.length === 0;
  }, { timeout: 45_000, intervals: [250] }).toBe(true);
}

test.describe('faults survived', () => {
  const demo = new DemoControl();

  test.afterEach(async ({ page }) => {
    await demo.clearFaults();
    await expectCaughtUp(page);
  });

  test('the API server goes down: a "stale since" banner within 5 s on every page, the last known fleet still shown, gone after recovery', async ({ page }) => {
    // Down for 8 s, then up to one 30 s-capped backoff step before every kind is back.
    test.setTimeout(90_000);
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.cells).toHaveCount(12);
    await expect(staleBanner(page)).toHaveCount(0);

    await demo.inject({ fault: 'down', seconds: 8 });
    const downAt = Date.now();
    await expect(staleBanner(page)).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - downAt).toBeLessThan(5_000);
    // One banner, in words, the details folded; nothing else on the page repeats it.
    await expect(staleBanner(page)).toContainText(/Cannot reach the API server since \d\d:\d\d:\d\d [A-Z][\w+:]* \([^)]+\), retrying/);
    await expect(staleBanner(page).getByTestId('outage-details')).not.toHaveAttribute('open');
    // Next's route announcer is an empty alert of its own.
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(1);
    // The header's "as of" is the last moment the data matched the cluster, not the latest refetch.
    const since = await staleBanner(page).locator('strong time').getAttribute('datetime');
    await expect(page.getByTestId('header-freshness')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('header-freshness').locator('time')).toHaveAttribute('datetime', since!);
    // Partial failure is data: the grid keeps the last known state, no error page.
    await expect(grid.cells).toHaveCount(12);
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'warn');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stuck pods' }).click();
    await expect(page).toHaveURL(/\/pods/);
    await expect(staleBanner(page)).toBeVisible();

    // Back up: the informers' backoff reaches it, and the banner goes by itself.
    await expect(staleBanner(page)).toHaveCount(0, { timeout: 40_000 });
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');
  });

  test('the API server restarts: its RBAC warm-up 403s keep the whole fleet on screen, stale with the reason, then it catches up', async ({ page }) => {
    test.setTimeout(90_000);
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.cells).toHaveCount(12);

    // Down for a second, then 10 s in which RBAC denies the dashboard's service account.
    await demo.inject({ fault: 'restart', seconds: 1, warmupSeconds: 10 });
    await expect(staleBanner(page)).toContainText(/^The API server refuses the dashboard's account \(403\) since /, { timeout: 15_000 });
    await expect(staleBanner(page).getByTestId('outage-details')).toContainText("Why: the API server refuses the dashboard's account (403 Forbidden), as a restarting API server does until its RBAC has loaded");
    // Not a revocation: nothing hidden, no node dropped.
    await expect(grid.cells).toHaveCount(12);
    await expect(hiddenKinds(page)).toHaveCount(0);

    await expect(staleBanner(page)).toHaveCount(0, { timeout: 40_000 });
    await expect(grid.cells).toHaveCount(12);
  });

  test('the API server freezes (stopped or partitioned): stale with the reason within about a minute, the last known fleet still shown, caught up after the thaw', async ({ page }) => {
    // The production defaults: a probe every 20 s, lost after 45 s and two probes without an answer.
    test.setTimeout(180_000);
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.cells).toHaveCount(12);
    await expect(staleBanner(page)).toHaveCount(0);

    await demo.inject({ fault: 'freeze' });
    // Open watches say nothing, as on a quiet cluster: only the liveness probe can tell, 50 to 60 s after its last answer.
    await expect(staleBanner(page)).toContainText(/^Cannot reach the API server since \d\d:\d\d:\d\d [A-Z][\w+:]* \([^)]+\), retrying/, { timeout: 90_000 });
    await expect(staleBanner(page).getByTestId('outage-details')).toContainText(/Why: cannot reach the API server \(no answer from the API server for \d+ s \(GET \/livez: /);
    await expect(grid.cells).toHaveCount(12);
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'warn');

    await demo.inject({ fault: 'clear', name: 'freeze' });
    // The first answer to the probe wakes every kind: no wait for a backoff step.
    await expect(staleBanner(page)).toHaveCount(0, { timeout: 30_000 });
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');
  });

  test('403 on events: a labelled partial view, the rest of the fleet still rendered', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.cells).toHaveCount(12);

    await demo.inject({ fault: 'forbid', resource: 'events' });
    await expect(hiddenKinds(page)).toHaveCount(1, { timeout: 10_000 });
    await expect(hiddenKinds(page)).toHaveAttribute('data-kind', 'events');
    await expect(hiddenKinds(page)).toContainText("Events hidden: the dashboard's account may not list events (403).");
    await expect(grid.cells).toHaveCount(12);
    // Hidden is not stale: the kinds that can be read are live.
    await expect(staleBanner(page)).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stuck pods' }).click();
    await expect(hiddenKinds(page)).toBeVisible();

    await demo.clearFaults();
    await expect(hiddenKinds(page)).toHaveCount(0, { timeout: 40_000 });
  });
});
