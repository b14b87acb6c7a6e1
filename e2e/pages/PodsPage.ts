import { expect, type Locator, type Page } from '@playwright/test';

/** The stuck-pods page at `/pods`, addressed through roles and test ids only. */
export class PodsPage {
  readonly root: Locator;
  readonly count: Locator;
  readonly groups: Locator;
  readonly pods: Locator;
  readonly clusterChart: Locator;
  readonly nodeFilter: Locator;
  readonly signatureFilter: Locator;
  readonly timeline: Locator;
  readonly empty: Locator;
  readonly search: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('pods-page');
    this.count = page.getByTestId('pods-count');
    this.groups = page.getByTestId('pod-group');
    this.pods = page.getByTestId('stuck-pod');
    this.clusterChart = page.getByTestId('cluster-chart');
    this.nodeFilter = page.getByTestId('filter-node');
    this.signatureFilter = page.getByTestId('filter-signature');
    this.timeline = page.getByTestId('pod-timeline');
    this.empty = page.getByTestId('pods-empty');
    this.search = page.getByTestId('pods-search');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/pods${query}`);
    // Drawn only once React runs in the page: from here on, clicks and keys are handled.
    await expect(this.page.getByTestId('live-indicator')).toBeVisible();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Stuck pods' })).toBeVisible();
    await expect(this.count).toBeVisible();
  }

  filter(key: 'namespace' | 'workload' | 'node' | 'signature'): Locator {
    return this.page.getByTestId(`filter-${key}`);
  }

  /** `namespace/name` of every listed pod, in order. */
  async refs(): Promise<string[]> {
    return this.pods.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
  }

  group(kind: 'node' | 'signature', key: string): Locator {
    return this.page.locator(`[data-testid="pod-group"][data-group="${kind}"][data-key="${key}"]`);
  }

  groupsBy(kind: 'node' | 'signature'): Locator {
    return this.page.locator(`[data-testid="pod-group"][data-group="${kind}"]`);
  }

  podsOn(node: string): Locator {
    return this.page.locator(`[data-testid="stuck-pod"][data-node="${node}"]`);
  }

  pod(ref: string): Locator {
    return this.page.locator(`[data-testid="stuck-pod"][data-pod="${ref}"]`);
  }

  async groupBy(kind: 'node' | 'signature'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Group by' }).getByTestId(`group-by-${kind}`).click();
    await expect(this.page.getByTestId(`group-by-${kind}`)).toHaveAttribute('aria-current', 'true');
  }

  async openTimeline(ref: string): Promise<Locator> {
    await this.pod(ref).getByTestId('timeline-toggle').click();
    const timeline = this.page.locator(`[data-testid="pod-timeline"][data-pod="${ref}"]`);
    await expect(timeline).toBeVisible();
    return timeline;
  }
}
