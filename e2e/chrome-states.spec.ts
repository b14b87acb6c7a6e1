import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';

/**
 * What a newcomer sees between and beside the pages: a 404 inside the
 * dashboard (header and navigation still there, a way back), and the
 * production build, never Next's dev overlay.
 */
test.describe('chrome states', () => {
  test('an address the dashboard has no page for is a 404 inside the app, with links back', async ({ page }) => {
    const res = await page.goto('/no/such/page?x=1');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('page-not-found')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByTestId('cluster-name')).toBeVisible();
    await expect(page.getByTestId('demo-tag')).toBeVisible();
    await expect(page).toHaveTitle(/Page not found/);

    await page.getByTestId('page-not-found').getByRole('link', { name: 'All nodes' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
  });

  test('a node the cluster does not have says so inside the app, with a link back to the fleet', async ({ page }) => {
    const node = new NodePage(page);
    await page.goto('/nodes/ip-10-9-9-9.eu-west-1.compute.internal');
    await expect(node.notFound).toContainText('The cluster has no node named ip-10-9-9-9.eu-west-1.compute.internal');
    await expect(page.getByTestId('cluster-name')).toBeVisible();
    await node.notFound.getByRole('link', { name: 'Back to all nodes' }).click();
    await expect(page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
  });

  test('the quick start serves the production build: no dev indicator, no hot-reload socket', async ({ page }) => {
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');
    // Next's development overlay and its "Rendering…" indicator live in this element.
    await expect(page.locator('nextjs-portal')).toHaveCount(0);
    expect(sockets.filter((u) => u.includes('/_next/'))).toEqual([]);
  });
});
