import { expect, test, type Page } from '@playwright/test';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { RemediationDialog } from './pages/RemediationDialog';
import { seriousViolations } from './support/axe';
import { TOKEN_PORT } from './support/servers';

/*
 * Every page scanned by axe-core, in light and in dark mode: no serious or
 * critical violation. axe runs its script inside the page, which the
 * dashboard's CSP (no eval) would refuse: these tests bypass it; the CSP
 * itself is checked in security-headers.spec.ts.
 */
test.use({ bypassCSP: true });

async function pages(page: Page): Promise<Array<{ name: string; url: string; ready: (p: Page) => Promise<void> }>> {
  const grid = new GridPage(page);
  await grid.open();
  const broken = (await grid.nodeNames('broken'))[0]!;
  const live = async (p: Page): Promise<void> => { await expect(p.getByTestId('live-indicator')).toBeVisible(); };
  return [
    { name: 'fleet', url: '/', ready: async (p) => { await live(p); await expect(p.getByTestId('node-cell').first()).toBeVisible(); } },
    { name: 'node', url: `/nodes/${broken}`, ready: async (p) => { await live(p); await expect(p.getByTestId('node-detail')).toBeVisible(); } },
    { name: 'diff', url: `/diff?target=${broken}`, ready: async (p) => { await live(p); await expect(p.getByTestId('diff-page')).toBeVisible(); } },
    { name: 'pods', url: '/pods', ready: async (p) => { await live(p); await expect(p.getByTestId('cluster-chart')).toBeVisible(); } },
    { name: 'audit', url: '/audit', ready: live },
    { name: '404', url: '/no-such-page', ready: async (p) => { await expect(p.getByRole('heading').first()).toBeVisible(); } },
    { name: 'signin', url: `http://localhost:${TOKEN_PORT}/signin`, ready: async (p) => { await expect(p.getByLabel('Kubernetes bearer token')).toBeVisible(); } },
  ];
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violation in ${scheme} mode`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: Record<string, string[]> = {};
    for (const p of await pages(page)) {
      await page.goto(p.url);
      await p.ready(page);
      const v = await seriousViolations(page);
      if (v.length > 0) found[p.name] = v;
    }
    expect(found).toEqual({});
  });
}

test('dark mode follows the system: dark background, light text, on every page kind', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const grid = new GridPage(page);
  await grid.open();
  // The virtualised grid draws its cells once it has measured itself in the page.
  await expect(grid.cells.first()).toBeVisible();
  const luminance = (rgb: string): number => {
    const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.documentElement).backgroundColor, text: getComputedStyle(document.body).color, cell: getComputedStyle(document.querySelector('[data-testid="node-cell"]')!).backgroundColor }));
  expect(luminance(colours.bg)).toBeLessThan(0.05);
  expect(luminance(colours.cell)).toBeLessThan(0.05);
  expect(luminance(colours.text)).toBeGreaterThan(0.6);

  await page.emulateMedia({ colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(luminance(light)).toBeGreaterThan(0.8);
});

test.describe('keyboard', () => {
  test('a skip link leads past the header to the grid, the verdict chips have one name each', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-link');
    await expect(skip).toBeFocused();
    await expect(skip).toHaveText('Skip to the node grid');
    await page.keyboard.press('Enter');
    await expect(grid.cells.first()).toBeFocused();

    for (const [v, name] of [['broken', 'Broken'], ['healthy', 'Healthy']] as const) {
      await expect(grid.verdictToggle(v)).toHaveAccessibleName(name);
    }
  });

  test('back from a node page, the focus is on the node you came from', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const name = (await grid.nodeNames('healthy')).at(-1)!;
    await grid.cell(name).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/nodes/${name}$`));
    await expect(page.getByTestId('node-detail')).toHaveAttribute('data-node', name);
    await page.goBack();
    await expect(grid.cell(name)).toBeFocused();
    await expect(grid.cell(name)).toHaveAttribute('tabindex', '0');
  });

  test('the remediation dialog puts the focus in its first field once the preview is drawn', async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
    const name = await nested.first().getAttribute('data-node');
    const node = new NodePage(page);
    await node.open(name!);
    const dialog = new RemediationDialog(page);
    await dialog.open('repair-node-cni-config');
    const firstField = dialog.root.locator('input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])').first();
    await expect(firstField).toBeFocused();
    await dialog.close();
  });
});
