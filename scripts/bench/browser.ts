/**
 * Chromium (the system's, through Playwright): time from navigation to the
 * first painted grid of the whole fleet, and how many DOM nodes it costs.
 */
import { chromium } from '@playwright/test';

export interface PaintResult { firstGridPaintMs: number; domNodes: number; cells: number; verdictTotal: string }

export async function measurePaint(baseUrl: string, executablePath: string): Promise<PaintResult> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    // bypassCSP: the dashboard's Content-Security-Policy (rightly) forbids
    // eval, and Playwright's waitForFunction evaluates a string predicate
    // with it. The policy itself is tested in e2e/security-headers.spec.ts;
    // enforcing it costs the paint nothing measurable.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    // Stamped by the page itself: the first frame painted after a grid cell exists,
    // measured from navigation start (performance.now() origin).
    // Scripts as strings: tsx compiles functions with helpers the page does not have.
    await page.addInitScript(`
      const seen = () => {
        if (window.__gridPaint !== undefined || !document.querySelector('[data-testid="node-cell"]')) return;
        window.__gridPaint = -1;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__gridPaint = performance.now(); }));
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(baseUrl, { waitUntil: 'commit' });
    await page.waitForFunction('(window.__gridPaint ?? -1) > 0', undefined, { timeout: 60_000 });
    const firstGridPaintMs = Number(await page.evaluate('window.__gridPaint'));
    // Drawn and still: the DOM size unchanged over ten consecutive animation frames.
    await page.waitForFunction(`new Promise((resolve) => {
      let last = -1, same = 0;
      const tick = () => {
        const n = document.getElementsByTagName('*').length;
        same = n === last ? same + 1 : 0;
        last = n;
        if (same >= 10) resolve(true); else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`, undefined, { timeout: 30_000 });
    const domNodes = Number(await page.evaluate("document.getElementsByTagName('*').length"));
    const cells = await page.locator('[data-testid="node-cell"]').count();
    const verdictTotal = (await page.locator('[data-testid="verdict-counts"]').first().textContent().catch(() => '')) ?? '';
    return { firstGridPaintMs, domNodes, cells, verdictTotal: verdictTotal.trim() };
  } finally {
    await browser.close();
  }
}
