import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { DemoControl } from './support/demo-control';

test.describe('node grid on the demo cluster', () => {
  test('shows the fleet, which cluster it is, and the three nodes the incident broke', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();

    await expect(grid.clusterName).toContainText('cni-health-demo');
    await expect(grid.demoTag).toHaveText('demo');
    await expect(grid.cells).toHaveCount(12);
    await expect(grid.cellsWithVerdict('healthy')).toHaveCount(9);
    await expect(grid.cellsWithVerdict('broken')).toHaveCount(3);
    await expect(grid.count('broken')).toHaveAttribute('data-count', '3');

    const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
    await expect(nested).toHaveCount(2);
    await expect(nested.first().getByTestId('stuck-count')).toContainText(/\d+ stuck pods?/);
    await expect(nested.first().getByTestId('multus-state')).toContainText('OOMKilled');
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');
  });

  test('the server sends the grid in the first HTML and the browser hydrates it without errors', async ({ page, request }) => {
    const html = await (await request.get('/')).text();
    // The rendered markup, not the Suspense fallback that also travels in the RSC payload.
    expect(html).toContain('<section aria-labelledby="grid-title"');
    expect(html).not.toContain('data-testid="page-skeleton"');

    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const grid = new GridPage(page);
    await grid.open();
    await expect(grid.liveIndicator).toHaveAttribute('data-state', 'ok');
    expect(errors).toEqual([]);
  });

  test('a node rebooted into the Multus race turns broken without a reload, and back when healed', async ({ page }) => {
    const grid = new GridPage(page);
    const demo = new DemoControl();
    await grid.open();
    await expect(grid.cellsWithVerdict('healthy')).toHaveCount(9);
    const [victim] = await grid.nodeNames('healthy');
    expect(victim).toBeTruthy();

    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));

    await demo.step('reboot-with-race', victim!);
    await expect(grid.cell(victim!)).toHaveAttribute('data-verdict', 'broken', { timeout: 5_000 });
    await expect(grid.cell(victim!).getByTestId('top-finding')).toHaveAttribute('data-rule', 'multus-nested-delegates');
    await expect(grid.cellsWithVerdict('broken')).toHaveCount(4);
    // The change is flashed on the cell, wherever the re-sorted grid put it; the tab says how many are broken.
    await expect(page.getByRole('gridcell').filter({ has: grid.cell(victim!) }).getByTestId('cell-flash')).toHaveCount(1);
    await expect(page).toHaveTitle(/^\(4\) /);

    await demo.step('heal', victim!);
    // Healing takes the demo's own time too (its kubelet restarts Multus, then the stuck pods).
    await expect(grid.cell(victim!)).toHaveAttribute('data-verdict', 'healthy', { timeout: 15_000 });
    await expect(page).toHaveTitle(/^\(3\) /);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  test('a cell never cuts the key word of the Multus pod\'s last termination, even in a narrow cell', async ({ page }) => {
    await page.setViewportSize({ width: 380, height: 800 });
    const grid = new GridPage(page);
    await grid.open();
    const last = grid.cellsWithVerdict('broken').getByTestId('multus-last').filter({ hasText: 'OOMKilled' }).first();
    await expect(last).toHaveText('last: OOMKilled');
    // Wholly inside its cell, and not clipped inside itself.
    const fits = await last.evaluate((el) => {
      const cell = el.closest('[data-testid="node-cell"]')!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return el.scrollWidth <= el.clientWidth && r.right <= cell.right && r.left >= cell.left;
    });
    expect(fits).toBe(true);
  });

  test('a changed cell flashes without motion when the user asks for reduced motion', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const grid = new GridPage(page);
    const demo = new DemoControl();
    await grid.open();
    const [victim] = await grid.nodeNames('healthy');
    await demo.step('reboot-with-race', victim!);
    const flash = page.getByRole('gridcell').filter({ has: grid.cell(victim!) }).getByTestId('cell-flash');
    await expect(flash).toHaveCount(1, { timeout: 5_000 });
    expect(await flash.evaluate((el) => getComputedStyle(el).animationName)).toBe('cell-flash-still');
    await demo.step('heal', victim!);
    await expect(grid.cell(victim!)).toHaveAttribute('data-verdict', 'healthy', { timeout: 15_000 });
  });

  test('arrow keys move between nodes', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    await grid.cells.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(grid.cells.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(grid.cells.last()).toBeFocused();
    await page.keyboard.press('Home');
    await expect(grid.cells.first()).toBeFocused();
  });
});
