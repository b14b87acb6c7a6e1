import { expect, type Locator, type Page } from '@playwright/test';

/** The node grid at `/`, addressed through roles and test ids only. */
export class GridPage {
  readonly cells: Locator;
  readonly clusterName: Locator;
  readonly demoTag: Locator;
  readonly liveIndicator: Locator;
  readonly groupHeaders: Locator;

  constructor(private readonly page: Page) {
    this.cells = page.getByTestId('node-cell');
    this.clusterName = page.getByTestId('cluster-name');
    this.demoTag = page.getByTestId('demo-tag');
    this.liveIndicator = page.getByTestId('live-indicator');
    this.groupHeaders = page.getByTestId('group-header');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('grid', { name: 'Nodes' })).toBeVisible();
    // The grid arrives in the server's HTML; the header's live indicator is
    // drawn only once React runs in the page, so after it, hover and keys work.
    await expect(this.liveIndicator).toBeVisible();
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

  verdictToggle(verdict: string): Locator {
    return this.page.getByTestId(`filter-verdict-${verdict}`);
  }

  async toggleVerdict(verdict: string): Promise<void> {
    await this.verdictToggle(verdict).click();
  }

  async groupBy(group: string): Promise<void> {
    await this.page.getByTestId('group-by').selectOption(group);
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('filter-search').fill(text);
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId('filter-clear').click();
  }

  async nodeNames(verdict: string): Promise<string[]> {
    // The virtualised grid draws its cells once it has measured itself in the page.
    await expect(this.cells.first()).toBeVisible();
    const cells = await this.cellsWithVerdict(verdict).all();
    return Promise.all(cells.map(async (c) => (await c.getAttribute('data-node')) ?? ''));
  }
}
