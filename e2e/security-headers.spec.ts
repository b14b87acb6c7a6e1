import { expect, test, type Page } from '@playwright/test';
import { AuditPage } from './pages/AuditPage';
import { DiffPage } from './pages/DiffPage';
import { GridPage } from './pages/GridPage';
import { NodePage } from './pages/NodePage';
import { PodsPage } from './pages/PodsPage';
import { RemediationDialog } from './pages/RemediationDialog';
import { demoState, PORT, TOKEN_PORT } from './support/servers';

/**
 * The production build under its Content-Security-Policy: the main journeys
 * run with no CSP violation in Chromium, every response family carries the
 * headers, and no page of the dashboard can be framed.
 */

function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

test.describe('content security policy', () => {
  test('the main journeys run without a CSP violation', async ({ page }) => {
    const violations = watchViolations(page);
    const grid = new GridPage(page);
    await grid.open();
    const broken = (await grid.nodeNames('broken'))[0]!;
    const healthy = (await grid.nodeNames('healthy'))[0]!;
    await new NodePage(page).open(broken);
    const dialog = new RemediationDialog(page);
    await dialog.open('cordon-node');
    await expect(dialog.dryRuns).toHaveAttribute('data-ok', 'true');
    await dialog.close();
    await new DiffPage(page).open(`target=${broken}&base=${healthy}`);
    await expect(page.getByTestId('diff-side-target')).toBeVisible();
    await new PodsPage(page).open();
    await new AuditPage(page).open();
    await page.goto('/no-such-page');
    expect(violations).toEqual([]);
  });

  test('sign-in in token mode runs without a CSP violation', async ({ page }) => {
    const violations = watchViolations(page);
    await page.goto(`http://localhost:${TOKEN_PORT}/`);
    await page.getByLabel('Kubernetes bearer token').fill(demoState().viewerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('pages, API answers, static files and errors carry the headers; a page carries a fresh nonce on its scripts', async ({ page, request }) => {
    const doc = await page.goto('/');
    const csp = doc!.headers()['content-security-policy']!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // Next's own inline scripts carry it (the nonce attribute is readable only as a property).
    const nonced = await page.locator('script').evaluateAll((els, n) => els.filter((e) => (e as HTMLScriptElement).nonce === n).length, nonce);
    expect(nonced).toBeGreaterThan(0);
    const script = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
    for (const url of ['/', '/api/nodes', '/api/grid', `/api/diff?target=${encodeURIComponent('no-such-node')}`, '/api/nodes/NOT_A_NAME', script!]) {
      const r = await request.get(url);
      const h = r.headers();
      expect([url, h['content-security-policy']]).toEqual([url, expect.stringContaining("frame-ancestors 'none'")]);
      expect([url, h['x-frame-options'], h['x-content-type-options'], h['referrer-policy']]).toEqual([url, 'DENY', 'nosniff', 'no-referrer']);
      expect(h['strict-transport-security']).toBeUndefined();
    }
    const second = (await request.get('/')).headers()['content-security-policy'];
    expect(second).not.toBe(csp);
  });

  test('a hostile page cannot frame the dashboard', async ({ page }) => {
    const violations = watchViolations(page);
    // A page of another origin (about:blank here) framing the dashboard.
    await page.setContent(`<iframe id="f" src="http://localhost:${PORT}/" width="800" height="600"></iframe>`);
    await expect.poll(() => violations.some((v) => /frame-ancestors|Refused to frame|refused to connect/i.test(v)), { timeout: 10_000 }).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(`http://localhost:${PORT}`));
    expect(await frame?.locator('[data-testid="live-indicator"]').count().catch(() => 0) ?? 0).toBe(0);
  });
});
