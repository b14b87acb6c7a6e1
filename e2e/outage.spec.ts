import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';

/*
 * The browser losing the dashboard while the change stream stays up: the
 * grid's refetches fail, so "live" must not stay green, and the one banner
 * says the dashboard (not the cluster) is out of reach.
 */
test.describe('the dashboard out of reach', () => {
  test('grid refetches failing turn "live" into a warning, and back when they answer again', async ({ page }) => {
    test.setTimeout(90_000);
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');

    await page.route('**/api/grid**', (route) => route.abort('connectionreset'));
    // The next 15 s refetch and its retries fail; the stream is untouched.
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'warn', { timeout: 40_000 });
    await expect(grid.liveIndicator).toContainText(/stale since \d\d:\d\d:\d\d .*\(refresh failing\)/);
    await expect(grid.cells).toHaveCount(12);

    await page.unroute('**/api/grid**');
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok', { timeout: 40_000 });
  });

  test('the dashboard unreachable: one banner since its last answer, the details folded', async ({ page }) => {
    test.setTimeout(90_000);
    const grid = new GridPage(page);
    await grid.open();
    const banner = page.getByTestId('stale-banner');
    await expect(banner).toHaveCount(0);

    await page.route('**/api/sync', (route) => route.abort('connectionrefused'));
    await expect(banner).toHaveAttribute('data-source', 'dashboard', { timeout: 30_000 });
    await expect(banner).toContainText(/^Cannot reach the dashboard since \d\d:\d\d:\d\d [A-Z][\w+:]* \([^)]+\), retrying\./);
    await expect(banner.getByTestId('outage-details')).not.toHaveAttribute('open');
    await banner.getByText('Details').click();
    await expect(banner.getByTestId('outage-details')).toContainText('The browser gets no answer from the dashboard');
    // Next's route announcer is an empty alert of its own.
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(1);

    await page.unroute('**/api/sync');
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
  });
});
