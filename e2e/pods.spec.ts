import { expect, test, type APIRequestContext } from '@playwright/test';
import type { GridView } from '@/lib/api/views';
import { PodsPage } from './pages/PodsPage';
import { DemoControl } from './support/demo-control';

async function nodes(request: APIRequestContext): Promise<GridView['nodes']> {
  const res = await request.get('/api/nodes');
  expect(res.ok()).toBe(true);
  return ((await res.json()) as GridView).nodes;
}

async function nestedNodes(request: APIRequestContext): Promise<string[]> {
  const all = await nodes(request);
  return all.filter((n) => n.ruleIds.includes('multus-nested-delegates')).map((n) => n.name).sort();
}

test.describe('stuck pods on the demo cluster', () => {
  test('lists the stuck pods of the self-nested nodes, grouped by node and then by signature', async ({ page, request }, testInfo) => {
    const nested = await nestedNodes(request);
    expect(nested).toHaveLength(2);
    const pods = new PodsPage(page);
    await pods.open();

    for (const node of nested) {
      const group = pods.group('node', node);
      await expect(group).toBeVisible();
      await expect(pods.podsOn(node)).not.toHaveCount(0);
      await expect(group.getByTestId('group-count')).toHaveAttribute('data-count', String(await pods.podsOn(node).count()));
      await expect(pods.podsOn(node).first()).toHaveAttribute('data-signature', 'multus-ifname-exists');
      await expect(pods.podsOn(node).first().getByTestId('pod-last-message')).toContainText('already exists');
      await expect(pods.podsOn(node).first().getByTestId('pod-failures')).toHaveAttribute('data-count', /^[1-9]\d*$/);
    }
    await expect(pods.clusterChart.getByRole('img', { name: /^Stuck pods per node/ })).toBeVisible();
    await expect(pods.clusterChart.getByTestId('cluster-chart-summary')).toContainText(nested[0]!);
    await page.screenshot({ path: testInfo.outputPath('pods-by-node.png'), fullPage: true });

    await pods.groupBy('signature');
    await expect(page).toHaveURL(/[?&]group=signature/);
    const ifname = pods.group('signature', 'multus-ifname-exists');
    await expect(ifname).toBeVisible();
    for (const node of nested) await expect(ifname.locator(`[data-testid="stuck-pod"][data-node="${node}"]`)).not.toHaveCount(0);
    await expect(pods.groupsBy('node')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('pods-by-signature.png'), fullPage: true });
  });

  test('a pod’s timeline shows its repeated sandbox failures after the node’s config change', async ({ page, request }, testInfo) => {
    const [node] = await nestedNodes(request);
    const pods = new PodsPage(page);
    await pods.open();
    const ref = await pods.podsOn(node!).first().getAttribute('data-pod');
    expect(ref).toBeTruthy();

    const timeline = await pods.openTimeline(ref!);
    await expect(page).toHaveURL(new RegExp(`[?&]pod=${encodeURIComponent(ref!)}`));
    await expect(timeline.getByRole('img', { name: /Sandbox failures of/ })).toBeVisible();
    const failure = timeline.getByTestId('timeline-failure').first();
    await expect(failure).toContainText('FailedCreatePodSandBox');
    expect(Number(await failure.getAttribute('data-count'))).toBeGreaterThan(1);

    // Other journeys may have healed and re-broken this node since, adding later
    // revisions; the change that matters is one before the first failure.
    const changes = timeline.getByTestId('timeline-config-change');
    await expect(changes.first()).toBeVisible();
    const changedAt = await Promise.all((await changes.all()).map(async (c) => Date.parse((await c.getAttribute('data-at'))!)));
    const firstFailure = Date.parse((await failure.getAttribute('data-first'))!);
    expect(Math.min(...changedAt)).toBeLessThan(firstFailure);
    await expect(timeline.getByTestId('timeline-summary')).toContainText(/config changed to revision \d+ .* before the first sandbox failure/);
    await page.screenshot({ path: testInfo.outputPath('pod-timeline.png'), fullPage: true });

    // The open timeline is part of the link.
    await page.reload();
    await expect(page.locator(`[data-testid="pod-timeline"][data-pod="${ref}"]`)).toBeVisible();
  });

  test('grouping and filters survive a reload', async ({ page, request }) => {
    const [node] = await nestedNodes(request);
    const pods = new PodsPage(page);
    await pods.open();
    await pods.nodeFilter.selectOption(node!);
    await expect(page).toHaveURL(new RegExp(`[?&]node=${node!.replaceAll('.', '\\.')}`));
    await pods.groupBy('signature');
    await pods.signatureFilter.selectOption('multus-ifname-exists');
    await expect(page).toHaveURL(/[?&]signature=multus-ifname-exists/);
    await expect(pods.pods.first()).toBeVisible();
    const shown = await pods.pods.count();

    await page.reload();
    await expect(pods.nodeFilter).toHaveValue(node!);
    await expect(pods.signatureFilter).toHaveValue('multus-ifname-exists');
    await expect(page.getByTestId('group-by-signature')).toHaveAttribute('aria-current', 'true');
    await expect(pods.pods).toHaveCount(shown);
    await expect(pods.pods.and(page.locator(`[data-node="${node}"]`))).toHaveCount(shown);
    await expect(pods.count).toContainText(`${shown} of`);
  });

  test('a bad filter in the link gets a clear message', async ({ page, request }) => {
    const res = await request.get('/api/pods?node=Not_A_Node');
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('bad-request');
    await page.goto('/pods?node=Not_A_Node');
    await expect(page.getByTestId('pods-error')).toContainText('node name must be a DNS-1123 subdomain');
  });

  test('a node rebooted into the Multus race shows its pods without a reload, and they leave when healed', async ({ page, request }, testInfo) => {
    const victim = (await nodes(request)).find((n) => n.verdict === 'healthy')?.name;
    expect(victim).toBeTruthy();
    const demo = new DemoControl();
    const pods = new PodsPage(page);
    await pods.open();
    await expect(pods.podsOn(victim!)).toHaveCount(0);
    await page.evaluate(() => Object.assign(window, { __noReload: true }));

    try {
      await demo.step('reboot-with-race', victim!);
      await expect(pods.group('node', victim!)).toBeVisible({ timeout: 5_000 });
      await expect(pods.podsOn(victim!).first()).toHaveAttribute('data-signature', 'multus-ifname-exists');
      await page.screenshot({ path: testInfo.outputPath('pods-live.png'), fullPage: true });
    } finally {
      // Other specs expect the three broken nodes of the scenario, no more.
      await demo.step('heal', victim!);
    }
    await expect(pods.podsOn(victim!)).toHaveCount(0, { timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });
});
