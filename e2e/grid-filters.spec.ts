import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';

test.describe('grid filters, grouping and navigation', () => {
  test('filters and grouping live in the URL and survive a reload', async ({ page }, testInfo) => {
    const grid = new GridPage(page);
    await grid.open();

    await grid.toggleVerdict('broken');
    await expect(page).toHaveURL(/verdict=broken/);
    await expect(grid.cells).toHaveCount(3);
    await grid.groupBy('zone');
    await expect(page).toHaveURL(/group=zone/);
    await expect(grid.groupHeaders).not.toHaveCount(0);
    const headersBefore = await grid.groupHeaders.allTextContents();

    await page.reload();
    await expect(grid.cells).toHaveCount(3);
    await expect(grid.verdictToggle('broken')).toHaveAttribute('aria-pressed', 'true');
    await expect(grid.groupHeaders).toHaveText(headersBefore);
    await page.screenshot({ path: testInfo.outputPath('grid-filtered.png'), fullPage: true });

    await grid.search('no-such-node');
    await expect(page.getByTestId('grid-no-match')).toBeVisible();
    await grid.clearFilters();
    await expect(grid.cells).toHaveCount(12);
  });

  test('a rule filter keeps only the nodes with that finding', async ({ page }) => {
    const grid = new GridPage(page);
    await page.goto('/?rule=multus-nested-delegates');
    await expect(grid.cells).toHaveCount(2);
    await expect(page.getByTestId('filter-summary')).toHaveText('Showing 2 of 12 nodes.');
  });

  test('hovering or focusing a node shows its card; Enter opens the node', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const first = grid.cells.first();
    const name = await first.getAttribute('data-node');
    // The virtualised grid may redraw its cells once after measuring itself;
    // a pointer resting on a replaced cell gets no new mouseenter, so hover again.
    await expect(async () => {
      await page.mouse.move(0, 0);
      await first.hover();
      await expect(page.getByTestId('node-hover-card')).toContainText(name!, { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`/nodes/${name}`);
  });

  test('the header names the cluster, its counts and its CNIs on every page', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('header-counts')).toContainText('3');
    await expect(page.getByTestId('header-cnis')).toContainText('multus');
    await expect(page.getByTestId('header-cnis')).toContainText('aws-vpc-cni');
  });

  test('/api/metrics serves the fleet in Prometheus format', async ({ request }) => {
    const res = await request.get('/api/metrics');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/plain');
    const body = await res.text();
    expect(body).toContain('cni_health_nodes{verdict="broken"} 3');
    expect(body).toContain('cni_health_findings{rule="multus-nested-delegates"} 2');
    expect(body).toMatch(/cni_health_cache_synced\{kind="pods"\} 1/);
  });
});
