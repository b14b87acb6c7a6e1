import { expect, test } from '@playwright/test';
import type { GridView } from '@/lib/api/views';
import { PodsPage } from './pages/PodsPage';

/**
 * The on-call narrowing the stuck pods down: filters, search and sort in the
 * URL (a reload or a pasted link shows the same list), all from the keyboard,
 * and the same list exported for the incident document.
 */
test.describe('stuck pods: filter, search, sort, export', () => {
  test('filters by namespace and workload, searches, and keeps it all through a reload', async ({ page }) => {
    const pods = new PodsPage(page);
    await pods.open();
    const total = Number(await pods.count.getAttribute('data-total'));
    expect(total).toBeGreaterThan(1);

    const namespace = (await pods.filter('namespace').locator('option').nth(1).getAttribute('value'))!;
    await pods.filter('namespace').selectOption(namespace);
    await expect(page).toHaveURL(new RegExp(`[?&]namespace=${namespace}`));
    await expect(pods.pods.first()).toBeVisible();
    for (const ref of await pods.refs()) expect(ref.startsWith(`${namespace}/`)).toBe(true);
    const inNamespace = Number(await pods.count.getAttribute('data-count'));

    const workload = (await pods.filter('workload').locator('option').nth(1).getAttribute('value'))!;
    await pods.filter('workload').selectOption(workload);
    await expect(page).toHaveURL(/[?&]workload=/);
    await expect(pods.count).not.toHaveAttribute('data-count', String(total));

    await page.reload();
    await expect(pods.filter('namespace')).toHaveValue(namespace);
    await expect(pods.filter('workload')).toHaveValue(workload);
    expect(Number(await pods.count.getAttribute('data-count'))).toBeLessThanOrEqual(inNamespace);

    await page.getByTestId('clear-filters').click();
    await expect(pods.count).toHaveAttribute('data-count', String(total));

    // Search from the keyboard: type, Enter.
    const someRef = (await pods.refs())[0]!;
    const name = someRef.split('/')[1]!;
    await pods.search.fill(name.toUpperCase());
    await pods.search.press('Enter');
    await expect(page).toHaveURL(new RegExp(`[?&]q=${name.toUpperCase()}`));
    await expect(pods.count).toHaveAttribute('data-count', '1');
    await expect(pods.pod(someRef)).toBeVisible();
    await page.goBack();
    await expect(pods.count).toHaveAttribute('data-count', String(total));
    await expect(pods.search).toHaveValue('');
  });

  test('sorts by a column from the keyboard, most failures first, and says so to screen readers', async ({ page }) => {
    const pods = new PodsPage(page);
    await pods.open('?group=none');
    const header = page.getByTestId('sort-failures');
    await header.getByRole('link').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/[?&]sort=failures&order=desc/);
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    const counts = await pods.pods.getByTestId('pod-failures').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    await header.getByRole('link').press('Enter');
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const up = await pods.pods.getByTestId('pod-failures').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
    expect(up).toEqual([...up].sort((a, b) => a - b));
  });

  test('exports the listed pods (all of them, same order) and the broken nodes', async ({ page, request }) => {
    const pods = new PodsPage(page);
    await pods.open('?group=none&sort=failures&order=desc');
    const shown = await pods.refs();
    const matching = Number(await pods.count.getAttribute('data-count'));

    const csvHref = (await page.getByTestId('export-pods-csv').getAttribute('href'))!;
    expect(csvHref).toContain('sort=failures&order=desc');
    const csv = await request.get(csvHref);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="stuck-pods-[\dTZ-]+\.csv"$/);
    const lines = (await csv.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('namespace,pod,node,workload,signature,cause,stuckSince,failures,lastSeen,lastMessage');
    expect(lines).toHaveLength(matching + 1);

    const json = await request.get((await page.getByTestId('export-pods-json').getAttribute('href'))!);
    const doc = (await json.json()) as { kind: string; count: number; items: Array<{ namespace: string; pod: string }> };
    expect(doc.kind).toBe('stuck-pods');
    expect(doc.count).toBe(matching);
    expect(doc.items.map((i) => `${i.namespace}/${i.pod}`).slice(0, shown.length)).toEqual(shown);

    // A download, as the browser does it from the link.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-nodes-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^nodes-broken-.*\.csv$/);
    const grid = (await (await request.get('/api/nodes')).json()) as GridView;
    const nodes = (await request.get('/api/export/nodes?format=json')).json() as Promise<{ items: Array<{ node: string; verdict: string }> }>;
    expect((await nodes).items.map((n) => n.node).sort()).toEqual(grid.nodes.filter((n) => n.verdict === 'broken').map((n) => n.name).sort());

    expect((await request.get('/api/export/pods?format=xml')).status()).toBe(400);
    expect((await request.get('/api/export/nodes?verdict=sick')).status()).toBe(400);
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('filters, search, sort and export fit 360 px, and the sort (its header row folded away) is a control of its own', async ({ page }) => {
      const pods = new PodsPage(page);
      // One list: grouped by node (the default), the sort orders the pods within each node.
      await pods.open('?group=none');
      const noSideways = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await expect.poll(noSideways).toBeLessThanOrEqual(0);
      for (const id of ['pods-search', 'filter-namespace', 'filter-workload', 'sort-select', 'export-pods-csv']) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, id).not.toBeNull();
        expect(box!.x + box!.width, id).toBeLessThanOrEqual(360);
      }
      await page.getByTestId('sort-select').selectOption('failures:desc');
      await expect(page).toHaveURL(/[?&]sort=failures&order=desc/);
      // The URL moves first; the list follows once the sorted page has arrived.
      await expect.poll(async () => {
        const counts = await pods.pods.getByTestId('pod-failures').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
        return counts.length > 1 && counts.every((c, i) => i === 0 || (counts[i - 1] ?? 0) >= c);
      }).toBe(true);
      await expect.poll(noSideways).toBeLessThanOrEqual(0);
    });
  });
});
