import { expect, test, type Locator, type Page } from '@playwright/test';
import { AuditPage } from './pages/AuditPage';
import { DiffPage } from './pages/DiffPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { PodsPage } from './pages/PodsPage';
import { RemediationDialog } from './pages/RemediationDialog';
import { collectConsoleErrors } from './support/console-errors';
import { TOKEN_PORT } from './support/servers';

/**
 * The on-call's phone (390×844) and the narrowest common one (360×740):
 * every page fits the width (no sideways page scroll), the header keeps
 * what matters in view, the grid starts on the first screen and the
 * remediation dialog stays inside the viewport. Each in a zone other than
 * the server's, so a time rendered differently by the server and the browser
 * would show up as a hydration error in the console.
 */
const SIZES = [
  { viewport: { width: 390, height: 844 }, timezoneId: 'America/Los_Angeles' },
  { viewport: { width: 360, height: 740 }, timezoneId: 'Asia/Kolkata' },
] as const;

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function expectWithin(locator: Locator, viewport: { width: number; height: number }): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
}

async function expectHeader(page: Page, viewport: { width: number; height: number }): Promise<void> {
  for (const id of ['cluster-name', 'demo-tag', 'header-counts', 'live-indicator', 'zone-switch']) {
    const el = page.getByTestId(id);
    await expect(el, id).toBeVisible();
    await expectWithin(el, viewport);
  }
}

for (const { viewport, timezoneId } of SIZES) {
  test.describe(`${viewport.width}×${viewport.height} in ${timezoneId}`, () => {
    test.use({ viewport, timezoneId, isMobile: true, hasTouch: true });

    test('every page fits the width, with the header in view and no console errors', async ({ page }, testInfo) => {
      const errors = collectConsoleErrors(page);
      const grid = new GridPage(page);
      await grid.open();
      const broken = (await grid.nodeNames('broken'))[0];
      expect(broken).toBeTruthy();
      const shoot = (name: string): Promise<Buffer> => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

      await expectHeader(page, viewport);
      await expectNoSidewaysScroll(page);
      // The fleet leads: the first node is on the first screen, cluster-wide findings and fixes folded after the grid.
      await expect(page.getByTestId('cluster-remediations-fold')).not.toHaveAttribute('open');
      const first = await grid.cells.first().boundingBox();
      expect(first!.y).toBeLessThan(viewport.height);
      await shoot('grid');

      const node = new NodePage(page);
      await node.open(broken!);
      await expectHeader(page, viewport);
      await expectNoSidewaysScroll(page);
      await shoot('node');

      const pods = new PodsPage(page);
      await pods.open();
      await expect(pods.pods.first()).toBeVisible();
      await expectHeader(page, viewport);
      await expectNoSidewaysScroll(page);
      // One card per pod: the error text gets the width of the card, not a 3-character column.
      const message = pods.pods.first().getByTestId('pod-last-message');
      expect((await message.boundingBox())!.width).toBeGreaterThan(viewport.width * 0.6);
      const ref = await pods.pods.first().getAttribute('data-pod');
      await pods.openTimeline(ref!);
      await expect(page.getByTestId('timeline-chart')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await shoot('pods');

      const diff = new DiffPage(page);
      await diff.open(`target=${broken}`);
      await expect(diff.target).toBeVisible();
      await expectHeader(page, viewport);
      await expectNoSidewaysScroll(page);
      // Config text keeps its lines, wider than the phone: it scrolls inside its own box, never the page.
      const column = page.locator('[data-testid="diff-file"][data-status="changed"]').first().getByTestId('diff-column-target');
      await expect(column).toBeVisible();
      const { scrollWidth, clientWidth } = await column.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth).toBeGreaterThan(clientWidth);
      expect(clientWidth).toBeLessThanOrEqual(viewport.width);
      await shoot('diff');

      const audit = new AuditPage(page);
      await audit.open();
      await expectHeader(page, viewport);
      await expectNoSidewaysScroll(page);
      await shoot('audit');

      await page.goto(`http://localhost:${TOKEN_PORT}/signin`);
      await expect(page.getByLabel('Kubernetes bearer token')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await shoot('signin');

      expect(errors).toEqual([]);
    });

    test('the remediation dialog fits the screen and scrolls inside itself', async ({ page }, testInfo) => {
      const errors = collectConsoleErrors(page);
      const grid = new GridPage(page);
      await grid.open();
      const fold = page.getByTestId('cluster-remediations-fold');
      await fold.locator('summary').click();
      await expect(fold).toHaveAttribute('open');
      await expect(page.getByTestId('cluster-remediations')).toBeVisible();
      await expectNoSidewaysScroll(page);

      // Whichever cluster-wide fix is still offered (a spec before this one may have applied some).
      const action = await page.getByTestId('cluster-remediations').locator('[data-testid="remediation-action"][data-disabled="false"]').first().getAttribute('data-action');
      expect(action).toBeTruthy();
      const dialog = new RemediationDialog(page);
      await dialog.open(action!);
      await expectWithin(dialog.root, viewport);
      // Taller than the screen: the dialog scrolls, the page behind it does not grow sideways.
      const scrolls = await dialog.root.evaluate((d) => d.scrollHeight > d.clientHeight && getComputedStyle(d).overflowY !== 'visible');
      expect(scrolls).toBe(true);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: testInfo.outputPath('dialog.png') });
      await dialog.root.getByRole('button', { name: 'Close' }).click();
      await expect(dialog.root).toBeHidden();
      // Closing leaves the fold as the user left it.
      await expect(fold).toHaveAttribute('open');

      // Reopened from its link, the dialog shows even though the fold starts closed.
      await page.goto(`/?remediate=${action}`);
      await expect(dialog.preview).toHaveAttribute('data-action', action!, { timeout: 20_000 });
      await expectWithin(dialog.root, viewport);
      expect(errors).toEqual([]);
    });
  });
}
