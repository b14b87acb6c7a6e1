import { expect, test, type Page } from '@playwright/test';
import { AuditPage } from './pages/AuditPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { RemediationDialog } from './pages/RemediationDialog';
import { DemoControl } from './support/demo-control';

/** The node whose primary CNI never wrote its config: its top finding is its crash-looping aws-node. */
async function missingPrimaryNode(page: Page): Promise<string> {
  const grid = new GridPage(page);
  await grid.open();
  const cell = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="primary-cni-agent-unhealthy"]') });
  await expect(cell).toHaveCount(1);
  const name = await cell.getAttribute('data-node');
  expect(name).toBeTruthy();
  return name!;
}

test.describe('the primary CNI agent on the node', () => {
  test('a crash-looping aws-node is shown with its events and log, restarted from the UI, and verified', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const demo = new DemoControl();
    const node = await missingPrimaryNode(page);
    const nodePage = new NodePage(page);
    const dialog = new RemediationDialog(page);
    try {
      await nodePage.open(node);
      await expect(nodePage.verdict).toHaveAttribute('data-verdict', 'broken');
      // The cause first, the symptoms pointing at it.
      await expect(nodePage.findings.first()).toHaveAttribute('data-rule', 'primary-cni-agent-unhealthy');
      const missing = nodePage.finding('cni-config-missing');
      await expect(missing.getByTestId('finding-cause')).toHaveAttribute('data-cause', 'primary-cni-agent-unhealthy');
      await missing.getByTestId('finding-cause').getByRole('link').click();
      await expect(page).toHaveURL(/#finding-primary-cni-agent-unhealthy$/);

      await expect(nodePage.agent).toHaveAttribute('data-agent', 'aws-node');
      await expect(nodePage.agentStatus).toContainText('CrashLoopBackOff');
      await expect(nodePage.agentStatus).toContainText('not ready');
      await expect(nodePage.agentTermination).toContainText('Error, exit code 1');
      await expect(nodePage.agentEvents.and(page.locator('[data-reason="BackOff"]'))).toContainText('Back-off restarting failed container aws-node');
      await expect(nodePage.agentEvents.and(page.locator('[data-reason="Unhealthy"]'))).toContainText('Readiness probe failed');
      await expect(nodePage.agentLog).toContainText('Retrying waiting for IPAM-D');
      await nodePage.agent.getByTestId('agent-log-previous').check();
      await expect(nodePage.agentLog).toContainText('Checking for IPAM connectivity');
      await nodePage.agent.screenshot({ path: testInfo.outputPath('agent-panel.png') });

      // The fix that addresses the cause is offered; a Multus restart is not.
      await expect(dialog.action('restart-multus-pod')).toHaveCount(0);
      const fix = nodePage.finding('primary-cni-agent-unhealthy').locator('[data-testid="remediation"][data-remediation="restart-primary-cni-pod"]');
      await expect(fix).toHaveAttribute('href', '#action-restart-primary-cni-pod');
      await expect(dialog.action('restart-primary-cni-pod')).toHaveAttribute('data-disabled', 'false');

      await dialog.open('restart-primary-cni-pod');
      await expect(dialog.calls).toHaveCount(1);
      await expect(dialog.call('delete-agent-pod').getByTestId('call-method')).toHaveText('DELETE');
      await expect(dialog.call('delete-agent-pod').getByTestId('call-path')).toContainText('/api/v1/namespaces/kube-system/pods/aws-node-');
      for (const r of await dialog.dryRuns.all()) await expect(r).toHaveAttribute('data-ok', 'true');
      await dialog.confirm(node);
      await expect(dialog.apply).toBeEnabled();
      await dialog.apply.click();
      expect(await dialog.finalState(), await dialog.outcome.textContent() ?? '').toBe('succeeded');
      await expect(dialog.outcome).toContainText('10-aws.conflist present');
      await page.screenshot({ path: testInfo.outputPath('agent-restart-done.png'), fullPage: true });
      await dialog.root.getByTestId('operation-close').click();

      await expect(nodePage.finding('primary-cni-agent-unhealthy')).toHaveCount(0, { timeout: 20_000 });
      await expect(nodePage.agentStatus).toContainText('ready');
      await expect(nodePage.verdict).toHaveAttribute('data-verdict', 'healthy', { timeout: 30_000 });

      const audit = new AuditPage(page);
      await audit.open();
      await expect(audit.entriesFor('restart-primary-cni-pod', `Node/${node}`, 'succeeded')).toHaveCount(1);
    } finally {
      // Leave the shared e2e cluster as the other specs know it.
      await demo.step('lose-primary', node);
    }
  });

  test('a user without get pods/log sees that they may not read logs, not an error page', async ({ page }) => {
    const demo = new DemoControl();
    const node = await missingPrimaryNode(page);
    const nodePage = new NodePage(page);
    await demo.inject({ fault: 'forbid', resource: 'pods/log' });
    try {
      await nodePage.open(node);
      await expect(nodePage.agentLogForbidden).toContainText('You may not read logs');
      await expect(nodePage.agentStatus).toContainText('CrashLoopBackOff');
      await expect(page.getByTestId('node-error')).toHaveCount(0);
    } finally {
      await demo.clearFaults();
    }
  });
});
