import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { seriousViolations } from './support/axe';
import { DemoControl } from './support/demo-control';
import { demoState } from './support/servers';

/*
 * Issue 16.4: the node × node matrix of a chosen set. The set is chosen as the
 * page's own command does (a merge patch of the mesh ConfigMap, as the
 * signed-in person); the demo's probers pick it up at their next round.
 * Each test clears the set and restores the pod network it broke.
 */
async function setMesh(nodes: readonly string[]): Promise<void> {
  const state = demoState();
  const res = await fetch(`${state.url}/api/v1/namespaces/cni-health/configmaps/cni-health-probe-mesh`, {
    method: 'PATCH', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { nodes: nodes.join(' ') } }),
  });
  if (res.status !== 200) throw new Error(`setting the mesh: HTTP ${res.status} ${await res.text()}`);
}

/** The node names the virtualised grid has drawn, once it has drawn any (it draws them after the page's first paint). */
async function drawnNames(grid: GridPage): Promise<string[]> {
  await expect(grid.cells.first()).toBeVisible();
  return grid.cells.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-node') ?? ''));
}

const cellsOf = (page: Page, state: string) => page.locator(`[data-testid="mesh-grid"] td[data-state="${state}"]`);

test.describe('probe mesh', () => {
  const demo = new DemoControl();

  test('without a set it says how to choose one; filtered to a zone it offers the command for exactly those nodes', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const mesh = page.getByTestId('mesh-matrix');
    await expect(mesh.getByTestId('mesh-empty')).toContainText('Choose up to 50 nodes');
    await expect(mesh.getByTestId('mesh-command').first()).toContainText("kubectl -n cni-health patch configmap cni-health-probe-mesh --type merge -p");
    await page.goto('/?zone=eu-west-1a');
    await expect(page.getByTestId('filter-summary')).toBeVisible();
    const shown = (await drawnNames(grid)).sort();
    expect(shown.length).toBeGreaterThan(0);
    const command = mesh.getByTestId('mesh-command').first();
    await expect(command).toContainText(`"nodes":"${shown.join(' ')}"`);
    await expect(mesh.getByTestId('mesh-commands')).toContainText(`Probe these ${shown.length} nodes as a mesh`);
  });

  test('a chosen set shows as a full matrix; a node whose pod network died fails its column', async ({ page }) => {
    test.setTimeout(150_000);
    const grid = new GridPage(page);
    await grid.open();
    const healthy = page.locator('[data-testid="node-cell"]:has([data-testid="data-plane"][data-state="ok"])');
    await expect(healthy.nth(3)).toBeVisible();
    const set = await Promise.all([0, 1, 2, 3].map(async (i) => (await healthy.nth(i).getAttribute('data-node'))!));
    await setMesh(set);
    try {
      const mesh = page.getByTestId('mesh-matrix');
      await expect(mesh.getByTestId('mesh-row')).toHaveCount(4, { timeout: 30_000 });
      // The probers read the set at their next round (30 s in the demo), the page refetches every 15 s.
      await expect(cellsOf(page, 'ok')).toHaveCount(12, { timeout: 75_000 });
      await expect(mesh.getByTestId('mesh-summary')).toContainText('4 nodes, up to 12 extra probes a round. No pair fails.');
      await expect(mesh.getByTestId('heatmap')).toBeVisible();

      // Keyboard: one tab stop, arrows move, the details follow.
      await mesh.locator('td[tabindex="0"]').focus();
      await page.keyboard.press('ArrowRight');
      await expect(mesh.getByTestId('mesh-detail')).toContainText(`${set.slice().sort()[0]} to ${set.slice().sort()[2]}: answers`);
      await expect(mesh.getByTestId('mesh-detail')).toContainText(/UTC/);

      const victim = set.slice().sort()[1]!;
      await demo.dataPlane({ action: 'kill-pod-network', node: victim });
      try {
        const column = page.locator(`[data-testid="mesh-grid"] [data-testid="mesh-row"]:not([data-node="${victim}"]) td[data-to="${victim}"]`);
        await expect(column).toHaveCount(3);
        for (let i = 0; i < 3; i++) await expect(column.nth(i)).toHaveAttribute('data-state', 'failing', { timeout: 60_000 });
        await expect(mesh.getByTestId('mesh-summary')).toContainText('3 pairs failing');
        await expect(column.first()).toHaveAttribute('aria-label', /fails \(loss 100%, .*i\/o timeout\)/);
      } finally {
        await demo.dataPlane({ action: 'restore-pod-network', node: victim });
      }
      await expect(cellsOf(page, 'failing')).toHaveCount(0, { timeout: 60_000 });
    } finally {
      await setMesh([]);
    }
    await expect(page.getByTestId('mesh-empty')).toBeVisible({ timeout: 30_000 });
  });

  test('on a phone the matrix scrolls inside its panel, the page does not', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const grid = new GridPage(page);
    await grid.open();
    const names = await drawnNames(grid);
    expect(names.length).toBeGreaterThan(1);
    await setMesh(names);
    try {
      await expect(page.getByTestId('mesh-row')).toHaveCount(names.length, { timeout: 30_000 });
      const table = page.getByTestId('mesh-grid');
      const scroller = table.locator('xpath=..');
      expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await table.locator('td[tabindex="0"]').focus();
      await page.keyboard.press('End');
      await expect(table.locator(`td[data-rc="0-${names.length - 1}"]`)).toBeFocused();
    } finally {
      await setMesh([]);
    }
  });
});

test.describe('probe mesh accessibility', () => {
  // axe runs its script in the page, which the dashboard's CSP refuses (as in accessibility.spec.ts).
  test.use({ bypassCSP: true });

  for (const scheme of ['light', 'dark'] as const) {
    test(`the drawn matrix has no serious or critical axe violation in ${scheme} mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const grid = new GridPage(page);
      await grid.open();
      const names = (await drawnNames(grid)).slice(0, 5);
      await setMesh(names);
      try {
        await expect(page.getByTestId('mesh-row')).toHaveCount(names.length, { timeout: 30_000 });
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await setMesh([]);
      }
    });
  }
});

