import { expect, test, type Page } from '@playwright/test';
import { AuditPage } from './pages/AuditPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { RemediationDialog } from './pages/RemediationDialog';
import { DemoControl } from './support/demo-control';

/** A node the incident self-nested (the second one, so the first stays as the other specs know it). */
async function nestedNode(page: Page): Promise<string> {
  const grid = new GridPage(page);
  await grid.open();
  const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
  await expect(nested).toHaveCount(2);
  const name = await nested.last().getAttribute('data-node');
  expect(name).toBeTruthy();
  return name!;
}

async function healthyNode(page: Page): Promise<string> {
  const grid = new GridPage(page);
  await grid.open();
  const names = await grid.nodeNames('healthy');
  expect(names.length).toBeGreaterThan(0);
  return names[names.length - 1]!;
}

async function switchIdentity(page: Page, user: 'admin' | 'viewer'): Promise<void> {
  const select = page.getByTestId('identity-select');
  await select.selectOption(user);
  await expect(page.getByTestId('identity')).toHaveAttribute('data-user', user);
}

test.describe('remediation on the demo cluster', () => {
  test('break → repair → recover: a self-nested node is repaired from the UI, its pods run, and the audit log says so', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const demo = new DemoControl();
    const node = await nestedNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    try {
      await nodePage.open(node);
      await expect(nodePage.verdict).toHaveAttribute('data-verdict', 'broken');
      await expect(nodePage.stuckPods.first()).toBeVisible();
      await expect(dialog.action('repair-node-cni-config')).toHaveAttribute('data-disabled', 'false');
      await page.getByTestId('node-remediations').screenshot({ path: testInfo.outputPath('node-remediations.png') });

      await dialog.open('repair-node-cni-config');
      // One call: the agent un-nests the file in place; nothing restarts Multus (docs/repair-protocol.md, "The window").
      await expect(dialog.calls).toHaveCount(1);
      await expect(dialog.call('create-repair-request').getByTestId('call-method')).toHaveText('POST');
      await expect(dialog.call('create-repair-request').getByTestId('call-path')).toHaveText('/api/v1/namespaces/cni-health/configmaps');
      const change = dialog.call('create-repair-request').getByTestId('file-change');
      await expect(change).toHaveAttribute('data-path', '/etc/cni/net.d/00-multus.conf');
      await expect(change.getByTestId('file-change-after')).toHaveText(/^[0-9a-f]{64}$/);
      const previewed = JSON.parse(await change.getByTestId('file-change-content').textContent() ?? '{}') as { type?: string; delegates?: Array<{ type?: string; name?: string }> };
      expect(previewed.type).toBe('multus');
      expect(previewed.delegates?.map((d) => d.type === 'multus' ? 'multus' : d.name)).toEqual(['aws-cni']);
      await expect(dialog.dryRuns).toHaveCount(1);
      for (const r of await dialog.dryRuns.all()) await expect(r).toHaveAttribute('data-ok', 'true');
      await expect(dialog.apply).toBeDisabled();
      await dialog.confirm(node.slice(0, -1));
      await expect(dialog.apply).toBeDisabled();
      await dialog.confirm(node);
      await expect(dialog.apply).toBeEnabled();
      await page.screenshot({ path: testInfo.outputPath('repair-preview.png'), fullPage: true });

      await dialog.apply.click();
      await expect(dialog.operation).toBeVisible();
      await expect(page).toHaveURL(/[?&]op=/);
      expect(await dialog.finalState(), await dialog.outcome.textContent() ?? '').toBe('succeeded');
      await expect(dialog.headline).toContainText('Done and verified');
      await expect(dialog.root.getByTestId('operation-step').and(page.locator('[data-state="failed"]'))).toHaveCount(0);
      await page.screenshot({ path: testInfo.outputPath('repair-done.png'), fullPage: true });
      await dialog.root.getByTestId('operation-close').click();
      await expect(dialog.root).toBeHidden();

      // Not nested any more; the Multus pod was not restarted, so its earlier OOMKill stays a warning.
      await expect(nodePage.finding('multus-nested-delegates')).toHaveCount(0, { timeout: 20_000 });
      await expect(nodePage.verdict).toHaveAttribute('data-verdict', 'degraded');
      await expect(nodePage.finding('multus-pod-unhealthy')).toBeVisible();
      await expect(nodePage.stuckPods).toHaveCount(0, { timeout: 20_000 });
      await page.screenshot({ path: testInfo.outputPath('node-recovered.png'), fullPage: true });

      const audit = new AuditPage(page);
      await audit.open();
      // This repair's own record: a bulk repair of the same node (e2e/bulk.spec.ts) leaves one titled "(bulk …)".
      const entry = audit.entriesFor('repair-node-cni-config', `Node/${node}`, 'succeeded').filter({ hasNotText: '(bulk ' });
      await expect(entry).toHaveCount(1);
      await expect(entry).toHaveAttribute('data-user', 'admin');
      await expect(entry).toContainText('no longer self-nested');
      await page.screenshot({ path: testInfo.outputPath('audit.png'), fullPage: true });
    } finally {
      // Leave the fleet as the other specs expect it: this node self-nested again.
      await demo.step('reboot-with-race', node);
    }
  });

  test('the Multus DaemonSet fixes show their diffs and warnings (preview only)', async ({ page }, testInfo) => {
    const grid = new GridPage(page);
    const dialog = new RemediationDialog(page);
    await grid.open();
    await expect(page.getByTestId('cluster-remediations')).toBeVisible();

    await dialog.open('multus-guaranteed-qos');
    await expect(dialog.warnings.filter({ hasText: 'does not remove its config on exit' })).toHaveCount(1);
    await expect(dialog.diffChange('$.containers[0].resources.requests')).toHaveAttribute('data-op', 'add');
    await expect(dialog.diffChange('$.containers[0].resources.limits')).toHaveAttribute('data-op', 'add');
    await expect(dialog.root.getByTestId('diff-before')).toContainText('"resources": {}');
    await expect(dialog.root.getByTestId('diff-after')).toContainText('"memory": "100Mi"');
    await expect(dialog.root.getByTestId('preview-qos')).toHaveText('QoS class of its pods: BestEffort → Guaranteed');
    await page.screenshot({ path: testInfo.outputPath('qos-preview.png') });
    await dialog.root.getByTestId('qos-cpu').fill('200m');
    await dialog.root.getByTestId('qos-memory').fill('128Mi');
    await dialog.root.getByTestId('qos-repreview').click();
    await expect(dialog.root.getByTestId('diff-after')).toContainText('"memory": "128Mi"');
    await expect(dialog.root.getByTestId('diff-after')).toContainText('"cpu": "200m"');
    await expect(dialog.apply).toBeDisabled();
    await dialog.confirm('kube-multus-ds');
    await expect(dialog.apply).toBeEnabled();
    await dialog.close();

    // v4.0.2 does not know the flag: the button stays, disabled, saying an upgrade is needed.
    await expect(dialog.button('multus-cleanup-on-exit')).toBeDisabled();
    await expect(dialog.disabledReason('multus-cleanup-on-exit')).toContainText('upgrade to v4.1.0');

    await dialog.open('multus-wait-for-primary-cni');
    await expect(dialog.warnings.filter({ hasText: 'does not remove its config on exit' })).toHaveCount(1);
    await expect(dialog.diffChanges.filter({ hasText: 'initContainers' }).first()).toBeVisible();
    await expect(dialog.root.getByTestId('diff-after')).toContainText('wait-for-primary-cni');
    await expect(dialog.root.getByTestId('diff-after')).toContainText('10-aws.conflist');
    await expect(dialog.root.getByTestId('diff-before')).not.toContainText('wait-for-primary-cni');
    // The demo's Multus pods are BestEffort: an init container without resources keeps them so.
    await expect(dialog.root.getByTestId('preview-qos')).toHaveAttribute('data-after', 'BestEffort');
    await page.screenshot({ path: testInfo.outputPath('wait-for-primary-preview.png') });
    await dialog.close();
    await expect(page).not.toHaveURL(/remediate=/);
  });

  test('a read-only identity sees the buttons disabled with the reason', async ({ page }, testInfo) => {
    const node = await nestedNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    try {
      await switchIdentity(page, 'viewer');
      await expect(dialog.button('multus-guaranteed-qos')).toBeDisabled();
      await expect(dialog.disabledReason('multus-guaranteed-qos')).toContainText('viewer may not patch daemonsets');

      await nodePage.open(node);
      await expect(page.getByTestId('acting-as')).toContainText('viewer');
      await expect(dialog.button('repair-node-cni-config')).toBeDisabled();
      await expect(dialog.disabledReason('repair-node-cni-config')).toContainText('viewer may not');
      await expect(dialog.button('cordon-node')).toBeDisabled();
      await expect(dialog.disabledReason('cordon-node')).toContainText('viewer may not patch nodes');
      await page.getByTestId('node-remediations').screenshot({ path: testInfo.outputPath('viewer-remediations.png') });
    } finally {
      await switchIdentity(page, 'admin');
    }
    await expect(dialog.button('repair-node-cni-config')).toBeEnabled();
  });

  test('a refused dry-run disables Apply and shows the API server\'s message', async ({ page }, testInfo) => {
    const demo = new DemoControl();
    const node = await healthyNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    await demo.fault('refuse-dry-run', true);
    try {
      await nodePage.open(node);
      await dialog.open('cordon-node');
      await expect(dialog.dryRuns).toHaveAttribute('data-ok', 'false');
      await expect(dialog.root.getByTestId('dry-run-message')).toContainText('denied the request');
      await expect(dialog.dryRuns).toContainText('403');
      await expect(dialog.apply).toBeDisabled();
      await expect(dialog.applyDisabledReason).toContainText('dry-run');
      await page.screenshot({ path: testInfo.outputPath('refused-dry-run.png') });
      await dialog.close();
    } finally {
      await demo.fault('refuse-dry-run', false);
    }
  });

  test('a double click on Apply acts once', async ({ page }, testInfo) => {
    const node = await healthyNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/remediations') posts.push(r.url());
    });
    await nodePage.open(node);
    await dialog.open('cordon-node');
    await expect(dialog.apply).toBeEnabled();
    await dialog.apply.dblclick();
    expect(await dialog.finalState()).toBe('succeeded');
    const opId = await dialog.operation.getAttribute('data-operation');
    expect(posts).toHaveLength(1);
    await expect(page).toHaveURL(new RegExp(`[?&]op=${opId}`));
    await page.screenshot({ path: testInfo.outputPath('cordon-done.png') });
    await dialog.root.getByTestId('operation-close').click();

    // Put the node back: uncordon is what the page offers now.
    await expect(dialog.button('uncordon-node')).toBeEnabled({ timeout: 15_000 });
    await dialog.open('uncordon-node');
    await dialog.apply.click();
    expect(await dialog.finalState()).toBe('succeeded');
    await dialog.root.getByTestId('operation-close').click();

    const audit = new AuditPage(page);
    await audit.open();
    await expect(audit.entriesFor('cordon-node', `Node/${node}`)).toHaveCount(1);
    await expect(audit.entriesFor('uncordon-node', `Node/${node}`)).toHaveCount(1);
  });

  // Last of this file: the rollout restarts every Multus pod, and Multus v4.0.2 wraps its own
  // leftover config on restart, so the test heals the nodes that were healthy afterwards.
  test('a Multus DaemonSet fix rolls node by node: progress is shown, and "verified" only once every pod is updated and available', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    const demo = new DemoControl();
    const grid = new GridPage(page);
    const dialog = new RemediationDialog(page);
    await grid.open();
    const healthy = await grid.nodeNames('healthy');
    try {
      await dialog.open('multus-guaranteed-qos');
      await dialog.confirm('kube-multus-ds');
      await dialog.apply.click();
      const progress = dialog.root.getByTestId('rollout-progress');
      // Mid-rollout: some pods updated, not all; the headline says it is rolling, not done.
      await expect(progress).toHaveAttribute('data-phase', 'rolling', { timeout: 30_000 });
      await expect(progress).toHaveAttribute('data-updated', /^([1-9]|1[01])$/, { timeout: 30_000 });
      await expect(dialog.operation).toHaveAttribute('data-state', 'verifying');
      await expect(dialog.headline).toContainText('rolling out');
      await expect(dialog.headline).not.toContainText('verified');
      await expect(progress.getByTestId('rollout-counts')).toContainText(/\d+ of 12 updated, \d+ available, \d+ ready/);
      await expect(progress.getByTestId('rollout-give-up')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('rollout-progress.png'), fullPage: true });

      expect(await dialog.finalState(180_000), await dialog.outcome.textContent() ?? '').toBe('succeeded');
      await expect(dialog.headline).toContainText('Done and verified');
      await expect(progress).toHaveAttribute('data-phase', 'complete');
      await expect(progress).toHaveAttribute('data-updated', '12');
      await expect(progress).toHaveAttribute('data-available', '12');
      await page.screenshot({ path: testInfo.outputPath('rollout-done.png'), fullPage: true });
    } finally {
      for (const node of healthy) await demo.step('heal', node);
    }
  });
});
