import { expect, test } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { DemoControl } from './support/demo-control';

test.describe('node detail on the demo cluster', () => {
  test('a self-nested node shows the finding, its evidence highlighted in the file, the OOMKilled Multus pod and the stuck pods', async ({ page }, testInfo) => {
    const grid = new GridPage(page);
    await grid.open();
    const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
    await expect(nested).toHaveCount(2);
    const name = await nested.first().getAttribute('data-node');
    expect(name).toBeTruthy();

    const node = new NodePage(page);
    await nested.first().click();
    await expect(page).toHaveURL(`/nodes/${name}`);
    await expect(node.root).toHaveAttribute('data-node', name!);
    await expect(node.verdict).toHaveAttribute('data-verdict', 'broken');

    const finding = node.finding('multus-nested-delegates');
    await expect(finding).toBeVisible();
    await expect(finding).toHaveAttribute('data-severity', 'error');
    await expect(node.evidence(finding, '00-multus.conf', '$.delegates[0]')).toBeVisible();
    await expect(finding.locator('[data-testid="remediation"][data-remediation="repair-node-cni-config"]')).toBeVisible();

    const conf = node.file('00-multus.conf');
    await expect(conf).toHaveAttribute('data-role', 'effective');
    const highlighted = node.highlightedLines(conf, '$.delegates[0]');
    // The nested delegate is a whole Multus config: many lines, starting with its opening brace.
    expect(await highlighted.count()).toBeGreaterThan(10);
    await expect(highlighted.first()).toContainText('{');
    await expect(highlighted.nth(2)).toContainText('"name": "multus-cni-network"');
    await expect(node.highlightedLines(node.file('10-aws.conflist'))).toHaveCount(0);

    await expect(node.multusTermination).toContainText('OOMKilled');
    expect(await node.stuckPods.count()).toBeGreaterThan(0);
    await expect(node.stuckPods.first()).toHaveAttribute('data-signature', 'multus-ifname-exists');

    await expect(node.revisions.first()).toHaveAttribute('data-current', 'true');
    await expect(node.revisions.first().locator('[data-testid="revision-change"][data-change="changed"]')).toContainText('00-multus.conf');

    await expect(node.compareLink).toHaveAttribute('href', `/diff?target=${name}`);
    await expect(node.timelinesLink).toHaveAttribute('href', `/pods?node=${name}`);
    await page.screenshot({ path: testInfo.outputPath('node-nested.png'), fullPage: true });
  });

  test('an open node page turns broken when the node reboots into the race, and healthy when healed, without a reload', async ({ page }, testInfo) => {
    const grid = new GridPage(page);
    const demo = new DemoControl();
    await grid.open();
    await expect(grid.cellsWithVerdict('healthy')).toHaveCount(9);
    const victim = (await grid.nodeNames('healthy')).at(-1);
    expect(victim).toBeTruthy();

    const node = new NodePage(page);
    await node.open(victim!);
    await expect(node.verdict).toHaveAttribute('data-verdict', 'healthy');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'ok');
    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));

    await demo.step('reboot-with-race', victim!);
    try {
      await expect(node.verdict).toHaveAttribute('data-verdict', 'broken', { timeout: 5_000 });
      await expect(node.finding('multus-nested-delegates')).toBeVisible();
      await expect(node.highlightedLines(node.file('00-multus.conf'), '$.delegates[0]').first()).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('node-live-broken.png'), fullPage: true });
    } finally {
      // Leave the demo cluster as we found it: later specs count healthy nodes.
      await demo.step('heal', victim!);
    }
    // Healing takes the demo's own time too (its kubelet restarts Multus, then the stuck pods).
    await expect(node.verdict).toHaveAttribute('data-verdict', 'healthy', { timeout: 15_000 });
    await expect(node.finding('multus-nested-delegates')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  test('a name that is not a DNS-1123 subdomain gets a clear page, and the API a 400', async ({ page }, testInfo) => {
    const node = new NodePage(page);
    await page.goto('/nodes/Bad_Name');
    await expect(node.invalidName).toBeVisible();
    await expect(node.invalidName).toContainText('Bad_Name');
    await expect(node.invalidName).toContainText('DNS-1123');
    await page.screenshot({ path: testInfo.outputPath('node-invalid-name.png'), fullPage: true });

    const res = await page.request.get('/api/nodes/Bad_Name');
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad-request' });
  });

  test('a node the cluster does not have is reported as not found', async ({ page }, testInfo) => {
    const node = new NodePage(page);
    // The page streams behind its loading state, so the HTTP status is already 200 when notFound() runs;
    // the API is where the 404 is checked.
    await page.goto('/nodes/no-such-node.example');
    await expect(node.notFound).toContainText('no-such-node.example');
    await page.screenshot({ path: testInfo.outputPath('node-not-found.png'), fullPage: true });

    const api = await page.request.get('/api/nodes/no-such-node.example');
    expect(api.status()).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'not-found' });
  });
});
