import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { RemediationDialog } from './pages/RemediationDialog';
import { DemoControl } from './support/demo-control';

/** A healthy node, broken here the way the incident breaks one; the other specs' self-nested nodes and their audit records stay theirs. */
async function healthyNode(page: Page): Promise<string> {
  const grid = new GridPage(page);
  await grid.open();
  const names = await grid.nodeNames('healthy');
  expect(names.length).toBeGreaterThan(1);
  return names[0]!;
}

/**
 * After a fix the on-call wants to see the pods start, not an empty list:
 * the fix's result and the node page name the pods that were stuck and say
 * how many run now ("7 of 7 pods running").
 */
test.describe('pods that started again after a fix', () => {
  test('the repair shows the pods stuck when it started, and the node page says they run again', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const demo = new DemoControl();
    const node = await healthyNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    try {
      await demo.step('reboot-with-race', node);
      await nodePage.open(node);
      await expect(nodePage.verdict).toHaveAttribute('data-verdict', 'broken');
      await expect(nodePage.stuckPods.first()).toBeVisible();
      const stuck = await nodePage.stuckPods.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
      // Before the fix the node page already lists them as not running.
      await expect(page.getByTestId('recent-pods-summary')).toContainText(`${stuck.length} still stuck`);

      await dialog.open('repair-node-cni-config');
      await dialog.confirm(node);
      await dialog.apply.click();
      expect(await dialog.finalState(), await dialog.outcome.textContent() ?? '').toBe('succeeded');

      const after = page.getByTestId('pods-after-fix');
      await expect(after).toBeVisible();
      for (const ref of stuck) await expect(after.locator(`[data-testid="recent-pod"][data-pod="${ref}"]`)).toHaveCount(1);
      const total = Number(await after.getAttribute('data-total'));
      expect(total).toBeGreaterThanOrEqual(stuck.length);
      await expect(page.getByTestId('pods-after-fix-summary')).toHaveText(`${total} of ${total} pod${total === 1 ? '' : 's'} running`, { timeout: 20_000 });
      await page.screenshot({ path: testInfo.outputPath('pods-after-fix.png'), fullPage: true });
      await dialog.root.getByTestId('operation-close').click();

      await expect(nodePage.stuckPods).toHaveCount(0, { timeout: 20_000 });
      const summary = page.getByTestId('recent-pods-summary');
      await expect.poll(async () => [await summary.getAttribute('data-running'), await summary.getAttribute('data-total')].join(' of ')).toMatch(/^(\d+) of \1$/);
      for (const ref of stuck) await expect(page.locator(`[data-testid="recent-pods-table"] [data-pod="${ref}"]`)).toHaveAttribute('data-state', 'running');
      await page.screenshot({ path: testInfo.outputPath('node-recent-pods.png'), fullPage: true });
    } finally {
      // Healthy again, as the other specs found it (a no-op when the repair worked).
      await demo.step('heal', node);
    }
  });
});
