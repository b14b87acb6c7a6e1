import { expect, test } from '@playwright/test';
import { DiffPage } from './pages/DiffPage';
import { GridPage } from './pages/GridPage';
import { DemoControl } from './support/demo-control';

const MULTUS = '00-multus.conf';
const NESTED = '$.delegates[0]';

test.describe('shareable config diff', () => {
  test('a broken node against the chosen healthy node, shared by link, pinned across a heal', async ({ page, browser, context, baseURL }, testInfo) => {
    const grid = new GridPage(page);
    await grid.open();
    const nested = grid.cellsWithVerdict('broken').filter({ has: page.locator('[data-rule="multus-nested-delegates"]') });
    await expect(nested).toHaveCount(2);
    const target = await nested.first().getAttribute('data-node');
    expect(target).toBeTruthy();

    const diff = new DiffPage(page);
    await diff.open(`target=${target}`);
    // The dashboard picks the base, names it, and writes it and both revisions into the URL.
    await expect(page).toHaveURL(/[?&]baseRev=\d+/);
    const params = diff.params();
    const base = params.get('base')!;
    const targetRev = Number(params.get('targetRev'));
    expect(base).not.toBe(target);
    expect(params.get('target')).toBe(target);
    await expect(diff.base).toHaveAttribute('data-node', base);
    await expect(diff.base).toHaveAttribute('data-verdict', 'healthy');
    await expect(diff.base).toHaveAttribute('data-revision', params.get('baseRev')!);
    await expect(diff.target).toHaveAttribute('data-revision', String(targetRev));
    await expect(diff.choice).toContainText(`Compared with ${base}, a healthy node`);
    await expect(diff.choice).toContainText('pool general-v3');
    await expect(diff.target.getByTestId('side-finding')).toHaveAttribute('data-rule', 'multus-nested-delegates');

    // The nested Multus config is one added block on the target side.
    await expect(diff.file(MULTUS)).toHaveAttribute('data-status', 'changed');
    const block = diff.block(MULTUS, 'target', 'added', NESTED);
    await expect(block).toHaveCount(1);
    await expect(block).toContainText('"type": "multus"');
    await expect(block).toContainText('"name": "aws-cni"');
    await expect(diff.file('10-aws.conflist')).toHaveAttribute('data-status', 'unchanged');
    // Said in words, and the title names the base first, as the panes do (base on the left).
    await expect(diff.file(MULTUS).getByTestId('diff-summary')).toContainText('the whole Multus config is nested inside delegates[0]');
    await expect(page.getByTestId('diff-title')).toHaveText(`CNI config: ${base} (base) → ${target}`);
    await page.screenshot({ path: testInfo.outputPath('diff-side-by-side.png'), fullPage: true });

    await diff.showView('Text (unified)');
    await expect(page).toHaveURL(/[?&]view=text/);
    await expect(diff.file(MULTUS).getByTestId('diff-unified')).toContainText('"type": "multus"');
    await page.screenshot({ path: testInfo.outputPath('diff-text.png'), fullPage: true });
    await diff.showView('Side by side');
    await expect(block).toHaveCount(1);

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await diff.copyLink.click();
    await expect(diff.copyStatus).toHaveText('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('targetRev')).toBe(String(targetRev));
    await diff.copyMarkdown.click();
    await expect(diff.copyStatus).toHaveText('Markdown copied');
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toContain(`\`${MULTUS}\`: the whole Multus config is nested inside delegates[0]`);
    expect(markdown).toContain('`multus-nested-delegates`');

    // A colleague opens the link in a browser of their own.
    const other = await browser.newContext();
    const demo = new DemoControl();
    try {
      const colleague = new DiffPage(await other.newPage());
      await colleague.page.goto(link);
      await expect(colleague.base).toHaveAttribute('data-node', base);
      await expect(colleague.target).toHaveAttribute('data-revision', String(targetRev));
      await expect(colleague.block(MULTUS, 'target', 'added', NESTED)).toHaveCount(1);
      await expect(colleague.pinnedNotice).toHaveCount(0);

      // The node is healed; the pinned link keeps showing what was shared, and says the node moved on.
      await demo.step('heal', target!);
      await expect(colleague.pinnedNotice).toContainText(`Showing revision ${targetRev} of ${target}`, { timeout: 5_000 });
      await expect(colleague.pinnedNotice).toContainText(`the node is now at revision ${targetRev + 1}`);
      await expect(colleague.block(MULTUS, 'target', 'added', NESTED)).toHaveCount(1);
      await colleague.page.screenshot({ path: testInfo.outputPath('diff-pinned-after-heal.png'), fullPage: true });

      await colleague.latestSwitch.click();
      await expect(colleague.latestSwitch).toBeChecked();
      await expect(colleague.page).not.toHaveURL(/targetRev=/);
      await expect(colleague.target).toHaveAttribute('data-revision', String(targetRev + 1));
      await expect(colleague.pinnedNotice).toHaveCount(0);
      await expect(colleague.file(MULTUS)).toHaveAttribute('data-status', 'unchanged');
      await expect(colleague.page.getByTestId('diff-block')).toHaveCount(0);
      await colleague.page.screenshot({ path: testInfo.outputPath('diff-latest-after-heal.png'), fullPage: true });
    } finally {
      await other.close();
      // Other specs expect the initial incident: break the node again (self-nested config, broken as before).
      await demo.step('reboot-with-race', target!);
    }
  });

  test('says plainly what cannot be compared', async ({ page }, testInfo) => {
    const diff = new DiffPage(page);
    await diff.open('target=Not_A_Node');
    await expect(diff.error).toContainText('This diff link is not valid');
    await expect(diff.error).toContainText('DNS-1123');

    await diff.open('target=no-such-node');
    await expect(diff.error).toContainText('there is no node named no-such-node');

    const grid = new GridPage(page);
    await grid.open();
    const [node] = await grid.nodeNames('healthy');
    await diff.open(`target=${node}&base=${node}`);
    await expect(diff.error).toContainText('same node');
    await page.screenshot({ path: testInfo.outputPath('diff-same-node.png'), fullPage: true });

    // Without a target, the page asks for one.
    await page.goto('/diff');
    await expect(page.getByTestId('diff-picker')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Node' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('diff-picker.png'), fullPage: true });

    const response = await page.request.get(`/api/diff?target=${node}&targetRev=abc`);
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad-request' });
  });
});
