import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { DemoControl } from './support/demo-control';

/*
 * Issue 16: the data-plane probes in the grid and on the node page. Each test
 * restores the demo's pod network, and waits for the grid to show it again,
 * so the journeys after it start from the usual state.
 */
test.describe('data-plane probes', () => {
  const demo = new DemoControl();

  test('a node whose config is healthy but whose pod network died shows as unreachable, with the peers that say so and the history of their checks', async ({ page }) => {
    test.setTimeout(120_000);
    const grid = new GridPage(page);
    await grid.open();
    const healthy = grid.cellsWithVerdict('healthy');
    await expect(healthy.first()).toBeVisible();
    const name = (await healthy.first().getAttribute('data-node'))!;
    await expect(grid.cell(name).getByTestId('data-plane')).toHaveAttribute('data-state', 'ok');

    await demo.dataPlane({ action: 'kill-pod-network', node: name });
    let failedAt: string | null = null;
    let failedPeer: string | null = null;
    try {
      const cell = grid.cell(name);
      await expect(cell.getByTestId('data-plane')).toHaveAttribute('data-state', 'unreachable', { timeout: 60_000 });
      await expect(cell).toHaveAttribute('data-verdict', 'broken');
      await expect(cell.getByTestId('top-finding')).toHaveAttribute('data-rule', 'data-plane-unreachable');

      await cell.click();
      await expect(page).toHaveURL(`/nodes/${name}`);
      const panel = page.getByTestId('pod-network');
      await expect(panel).toHaveAttribute('data-state', 'unreachable');
      expect(await panel.getByTestId('failed-by').locator('li').count()).toBeGreaterThanOrEqual(2);
      await expect(panel.getByTestId('failed-by')).toContainText('i/o timeout');
      await expect(page.locator('[data-testid="finding"][data-rule="data-plane-unreachable"]')).toBeVisible();

      // The history: each peer that probes the node published the moment it stopped answering.
      const fromPeers = panel.getByTestId('history-as-target').locator('[data-testid="history-check"][data-kind="from-peer"]');
      const failingNow = async (): Promise<string[]> => {
        const peers: string[] = [];
        for (const c of await fromPeers.all()) {
          if (await c.getByTestId('history-transition').first().getAttribute('data-ok') === 'false') peers.push((await c.getAttribute('data-peer'))!);
        }
        return peers;
      };
      await expect.poll(async () => (await failingNow()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      failedPeer = (await failingNow())[0]!;
      const failed = fromPeers.and(page.locator(`[data-peer="${failedPeer}"]`)).getByTestId('history-transition').first();
      await expect(failed).toContainText('fails');
      await expect(failed).toContainText('i/o timeout');
      await expect(failed.locator('time')).toHaveText(/\d\d:\d\d:\d\d UTC/);
      failedAt = await failed.getAttribute('data-at');
    } finally {
      await demo.dataPlane({ action: 'restore-pod-network', node: name });
    }
    const panel = page.getByTestId('pod-network');
    await expect(panel).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
    // Recovered: the same peer's newest change answers again, after the failure, which stays listed below it.
    const check = panel.getByTestId('history-as-target').locator(`[data-testid="history-check"][data-peer="${failedPeer}"]`);
    const changes = check.getByTestId('history-transition');
    await expect(changes.first()).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
    expect((await changes.first().getAttribute('data-at'))! > failedAt!).toBe(true);
    await expect(changes.nth(1)).toHaveAttribute('data-at', failedAt!);
    await expect(changes.nth(1)).toHaveAttribute('data-ok', 'false');
    // Keyboard: the history folds and unfolds from its summary.
    const summary = panel.getByTestId('probe-history').locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(changes.first()).toBeHidden();
    await page.keyboard.press('Enter');
    await expect(changes.first()).toBeVisible();
  });

  test('two zones that cannot reach each other: the zone matrix names the pair, nodes say the path fails, not the node', async ({ page }) => {
    test.setTimeout(120_000);
    const grid = new GridPage(page);
    await grid.open();
    await demo.dataPlane({ action: 'partition', zones: ['eu-west-1a', 'eu-west-1b'] });
    try {
      const matrix = page.getByTestId('zone-matrix');
      await expect(matrix).toContainText(/2 zone pairs with failing probes/, { timeout: 60_000 });
      await matrix.getByText('Numbers').click();
      await expect(matrix.getByTestId('zone-table').locator('tr[data-failed="true"]')).toHaveCount(2);
      const partial = page.locator('[data-testid="node-cell"]:has([data-testid="data-plane"][data-state="partial"])');
      await expect(partial.first()).toBeVisible();
      // A partition is not a node's fault: no node is called unreachable for it.
      await expect(page.locator('[data-testid="data-plane"][data-state="unreachable"]')).toHaveCount(0);

      await partial.first().click();
      const panel = page.getByTestId('pod-network');
      await expect(panel).toHaveAttribute('data-state', 'partial');
      await expect(panel).toContainText(/path to eu-west-1[ab] fails/);
    } finally {
      await demo.dataPlane({ action: 'heal-partitions' });
    }
    await page.goto('/');
    await expect(page.getByTestId('zone-matrix')).toContainText('Every zone pair answers.', { timeout: 60_000 });
  });
});
