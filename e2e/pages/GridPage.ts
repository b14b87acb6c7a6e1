import { expect, type Locator, type Page } from '@playwright/test';

/** The node grid at `/`, addressed through roles and test ids only. */
export class GridPage {
  readonly cells: Locator;
  readonly clusterName: Locator;
  readonly demoTag: Locator;
  readonly liveIndicator: Locator;

  constructor(private readonly page: Page) {
    this.cells = page.getByTestId('node-cell');
    this.clusterName = page.getByTestId('cluster-name');
    this.demoTag = page.getByTestId('demo-tag');
    this.liveIndicator = page.getByTestId('live-indicator');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
  }

  cell(node: string): Locator {
    return this.page.locator(`[data-testid="node-cell"][data-node="${node}"]`);
  }

  cellsWithVerdict(verdict: string): Locator {
    return this.page.locator(`[data-testid="node-cell"][data-verdict="${verdict}"]`);
  }

  count(verdict: string): Locator {
    return this.page.getByTestId(`count-${verdict}`);
  }

  async nodeNames(verdict: string): Promise<string[]> {
    const cells = await this.cellsWithVerdict(verdict).all();
    return Promise.all(cells.map(async (c) => (await c.getAttribute('data-node')) ?? ''));
  }
}
