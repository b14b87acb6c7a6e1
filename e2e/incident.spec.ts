import { expect, test } from '@playwright/test';
import { DiffPage } from './pages/DiffPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';

const MULTUS = '00-multus.conf';
const NESTED = '$.delegates[0]';

/** The on-call journey of the design, by clicks only: grid → broken node → evidence → diff → shared link. */
test('incident: from the grid to a shared diff that shows the self-nested delegate', async ({ page, browser, context, baseURL }, testInfo) => {
  const grid = new GridPage(page);
  await grid.open();
  const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
  const name = await nested.first().getAttribute('data-node');
  await nested.first().click();

  const node = new NodePage(page);
  await expect(node.root).toHaveAttribute('data-node', name!);
  const finding = node.finding('multus-nested-delegates');
  await expect(finding).toBeVisible();
  await expect(node.evidence(finding, MULTUS, NESTED)).toBeVisible();
  await expect(node.highlightedLines(node.file(MULTUS), NESTED).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('incident-node.png'), fullPage: true });

  await node.compareLink.click();
  const diff = new DiffPage(page);
  await expect(page).toHaveURL(/\/diff\?.*baseRev=\d+/);
  await expect(diff.target).toHaveAttribute('data-node', name!);
  await expect(diff.base).toHaveAttribute('data-verdict', 'healthy');
  await expect(diff.block(MULTUS, 'target', 'added', NESTED)).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('incident-diff.png'), fullPage: true });

  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await diff.copyLink.click();
  await expect(diff.copyStatus).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());

  const colleague = await browser.newContext();
  try {
    const theirs = new DiffPage(await colleague.newPage());
    await theirs.page.goto(link);
    await expect(theirs.target).toHaveAttribute('data-node', name!);
    await expect(theirs.base).toHaveAttribute('data-node', (await diff.base.getAttribute('data-node'))!);
    await expect(theirs.block(MULTUS, 'target', 'added', NESTED)).toHaveCount(1);
  } finally {
    await colleague.close();
  }
});
