import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { DemoControl } from './support/demo-control';

/**
 * The demo's node agents publish the opt-in Node condition CNIHealthy
 * through the Kubernetes API; the node page shows it beside its own verdict.
 */
test.describe('the CNIHealthy condition on the node page', () => {
  test('a self-nested node\'s agent says CNIHealthy=False with the finding as reason, and the page agrees', async ({ page }, testInfo) => {
    const grid = new GridPage(page);
    await grid.open();
    const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') }).first();
    const name = await nested.getAttribute('data-node');
    await nested.click();
    await expect(page).toHaveURL(`/nodes/${name}`);

    const node = new NodePage(page);
    await expect(node.cniCondition).toHaveAttribute('data-status', 'False');
    await expect(node.cniCondition).toContainText('MultusNestedDelegates');
    await expect(node.cniCondition).toHaveAttribute('data-agrees', 'true');
    // Renewed by the demo's agents as the real one renews it: never stale while the demo runs.
    await expect(node.cniCondition).toHaveAttribute('data-stale', 'false');
    await expect(node.cniAgreement).toHaveText('Agrees with this page (broken).');
    await node.cniCondition.screenshot({ path: testInfo.outputPath('cni-condition.png') });
    await expect(page.getByTestId('condition').and(page.locator('[data-type="CNIHealthy"]'))).toHaveAttribute('data-ok', 'false');
  });

  test('a healthy node\'s agent says True, shown as fine', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const healthy = grid.cellsWithVerdict('healthy').first();
    await healthy.click();
    const node = new NodePage(page);
    await expect(node.cniCondition).toHaveAttribute('data-status', 'True');
    await expect(node.cniCondition).toHaveAttribute('data-agrees', 'true');
    await expect(page.getByTestId('condition').and(page.locator('[data-type="CNIHealthy"]'))).toHaveAttribute('data-ok', 'true');
  });

  test('when a healthy node reboots into the race its agent turns the condition False, and True again once healed', async ({ page }) => {
    const grid = new GridPage(page);
    const demo = new DemoControl();
    await grid.open();
    const victim = (await grid.nodeNames('healthy')).at(0);
    expect(victim).toBeTruthy();
    const node = new NodePage(page);
    await node.open(victim!);
    await expect(node.cniCondition).toHaveAttribute('data-status', 'True');
    await demo.step('reboot-with-race', victim!);
    try {
      await expect(node.cniCondition).toHaveAttribute('data-status', 'False', { timeout: 5_000 });
      await expect(node.cniCondition).toContainText('MultusNestedDelegates');
    } finally {
      // Leave the demo cluster as we found it: later specs count healthy nodes.
      await demo.step('heal', victim!);
    }
    await expect(node.cniCondition).toHaveAttribute('data-status', 'True', { timeout: 15_000 });
  });
});
