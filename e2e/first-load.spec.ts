import { expect, test, type Page, type Request } from '@playwright/test';
import { GridPage } from './pages/GridPage';

/*
 * A first load of each page makes no request that fails or is aborted
 * (net::ERR_ABORTED): no prefetch thrown away, no fetch cancelled while the
 * page hydrates. The change stream is long-lived by design and is closed
 * only when the page goes, so it is left out.
 */
function watchRequests(page: Page): { failed: string[]; pending: Set<Request> } {
  const failed: string[] = [];
  const pending = new Set<Request>();
  const stream = (r: Request): boolean => new URL(r.url()).pathname === '/api/stream';
  page.on('request', (r) => { if (!stream(r)) pending.add(r); });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => {
    pending.delete(r);
    if (!stream(r)) failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  return { failed, pending };
}

test('the first load of each page makes no failed or aborted request', async ({ browser }) => {
  test.setTimeout(90_000);
  const probe = await browser.newPage();
  const grid = new GridPage(probe);
  await grid.open();
  const broken = (await grid.nodeNames('broken'))[0]!;
  await probe.close();

  for (const url of ['/', `/nodes/${broken}`, `/diff?target=${broken}`, '/pods', '/audit']) {
    // A fresh context each time: a first load, nothing cached.
    const context = await browser.newContext();
    const page = await context.newPage();
    const { failed, pending } = watchRequests(page);
    await page.goto(url);
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'ok');
    // Whatever the page started on its own (prefetches of links in view, its queries) has ended, one way or the other.
    await expect.poll(() => pending.size).toBe(0);
    await context.close();
    expect(failed, url).toEqual([]);
  }
});
