import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { DemoControl } from './support/demo-control';

const RULE = 'multus-nested-delegates';

async function nestedNodes(page: Page): Promise<string[]> {
  const grid = new GridPage(page);
  await grid.open();
  const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator(`[data-rule="${RULE}"]`) });
  await expect(nested).toHaveCount(2);
  return (await nested.evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''))).sort();
}

test.describe('bulk repair and kubectl commands', () => {
  test('every self-nested node is repaired from the fleet page: one preview, the typed count, progress per node to verified, surviving a reload', async ({ page, context }, testInfo) => {
    test.setTimeout(240_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const demo = new DemoControl();
    const nodes = await nestedNodes(page);
    try {
      const offer = page.getByTestId('bulk-offer').and(page.locator(`[data-rule="${RULE}"]`));
      await expect(offer).toHaveAttribute('data-count', String(nodes.length));
      await expect(offer.getByTestId('bulk-open')).toHaveText(`Repair all ${nodes.length} nodes…`);
      await offer.getByTestId('bulk-open').click();

      const dialog = page.getByTestId('bulk-dialog');
      const preview = dialog.getByTestId('bulk-preview');
      await expect(preview).toHaveAttribute('data-count', String(nodes.length));
      const rows = dialog.getByTestId('bulk-preview-node');
      await expect(rows).toHaveCount(nodes.length);
      expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''))).sort()).toEqual(nodes);
      for (const r of await rows.all()) await expect(r).toHaveAttribute('data-dry-run', 'true');
      await expect(rows.first()).toContainText('POST /api/v1/namespaces/cni-health/configmaps');
      // The repair restarts nothing (docs/repair-protocol.md, "The window").
      await expect(rows.first()).not.toContainText('DELETE');

      // The same change as kubectl, by hand on the node, copied with the keyboard.
      const kubectl = dialog.getByTestId('bulk-kubectl');
      await kubectl.getByTestId('kubectl-toggle').click();
      const deleteLine = kubectl.getByTestId('kubectl-does').filter({ hasText: 'by hand' }).first();
      const command = await deleteLine.getByTestId('kubectl-command').textContent();
      expect(command).toMatch(/^kubectl debug node\/\S+ -it --profile=sysadmin --image=busybox -- sh -c /);
      await deleteLine.getByTestId('kubectl-copy').focus();
      await page.keyboard.press('Enter');
      await expect(deleteLine.getByTestId('kubectl-copy-status')).toHaveText('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);

      const apply = dialog.getByTestId('bulk-apply');
      const input = dialog.getByTestId('bulk-confirm-input');
      await expect(apply).toBeDisabled();
      await input.fill(String(nodes.length + 1));
      await expect(apply).toBeDisabled();
      await input.fill(String(nodes.length));
      await expect(apply).toBeEnabled();
      await page.screenshot({ path: testInfo.outputPath('bulk-preview.png'), fullPage: true });
      await apply.click();

      const op = dialog.getByTestId('bulk-operation');
      await expect(op).toBeVisible();
      await expect(page).toHaveURL(/[?&]bulk=[0-9a-f-]{36}/);
      // It runs on the server: a reload shows the same operation.
      await page.reload();
      await expect(page.getByTestId('bulk-operation')).toBeVisible();
      await expect(page.getByTestId('bulk-operation')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
      const progress = page.getByTestId('bulk-node');
      await expect(progress).toHaveCount(nodes.length);
      for (const n of nodes) await expect(progress.and(page.locator(`[data-node="${n}"]`))).toHaveAttribute('data-state', 'verified');
      await expect(page.getByTestId('bulk-headline')).toHaveText(`Done and verified: all ${nodes.length} nodes.`);
      await expect(page.getByTestId('bulk-counts').locator('[data-state="verified"]')).toHaveAttribute('data-count', String(nodes.length));
      await page.screenshot({ path: testInfo.outputPath('bulk-done.png'), fullPage: true });
      await page.getByTestId('bulk-close').click();
      await expect(page.getByTestId('bulk-dialog')).toBeHidden();
      // No longer broken; their Multus pods were not restarted, so the earlier OOMKill stays a warning.
      for (const n of nodes) await expect(new GridPage(page).cell(n)).toHaveAttribute('data-verdict', 'degraded', { timeout: 20_000 });
      await expect(page.getByTestId('bulk-offer').and(page.locator(`[data-rule="${RULE}"]`))).toHaveCount(0);
    } finally {
      // Leave the fleet as the other specs expect it: these nodes self-nested again.
      for (const n of nodes) await demo.step('reboot-with-race', n);
    }
  });

  test('a finding carries the commands to look for yourself, copyable by keyboard, for a viewer too', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const [node] = await nestedNodes(page);
    await page.getByTestId('identity-select').selectOption('viewer');
    await expect(page.getByTestId('identity')).toHaveAttribute('data-user', 'viewer');
    const nodePage = new NodePage(page);
    await nodePage.open(node!);
    const finding = page.getByTestId('finding').and(page.locator(`[data-rule="${RULE}"]`));
    const box = finding.getByTestId('finding-kubectl');
    await box.getByTestId('kubectl-toggle').focus();
    await page.keyboard.press('Enter');
    await expect(box.getByTestId('kubectl-toggle')).toHaveAttribute('aria-expanded', 'true');
    const lines = box.getByTestId('kubectl-command');
    await expect(lines.first()).toHaveText(`kubectl describe node ${node}`);
    await expect(lines.filter({ hasText: '--field-selector spec.nodeName=' })).toHaveText(`kubectl get pods -A -o wide --field-selector spec.nodeName=${node}`);
    await expect(lines.filter({ hasText: 'logs' }).first()).toHaveText(/^kubectl -n kube-system logs kube-multus-ds-[a-z0-9]+ --all-containers --tail=200$/);
    const copy = box.getByTestId('kubectl-copy').first();
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect(box.getByTestId('kubectl-copy-status').first()).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`kubectl describe node ${node}`);
    // The viewer may not act, but sees what the repair would run.
    const action = page.getByTestId('remediation-action').and(page.locator('[data-action="repair-node-cni-config"]'));
    await expect(action).toHaveAttribute('data-disabled', 'true');
    const equivalent = page.locator('[data-kubectl-for="repair-node-cni-config"]');
    await equivalent.getByTestId('kubectl-toggle').click();
    await expect(equivalent.getByTestId('kubectl-command').filter({ hasText: 'kubectl debug' })).toHaveText(new RegExp(`^kubectl debug node/${node} -it --profile=sysadmin --image=busybox -- sh -c `));
    await page.getByTestId('identity-select').selectOption('admin');
    await expect(page.getByTestId('identity')).toHaveAttribute('data-user', 'admin');
  });
});
