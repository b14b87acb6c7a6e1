import { expect, type Locator, type Page } from '@playwright/test';

/** The audit log at `/audit`. */
export class AuditPage {
  readonly root: Locator;
  readonly entries: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('audit');
    this.entries = page.getByTestId('audit-entry');
  }

  async open(): Promise<void> {
    await this.page.goto('/audit');
    // Drawn only once React runs in the page: from here on, clicks and keys are handled.
    await expect(this.page.getByTestId('live-indicator')).toBeVisible();
    await expect(this.root.or(this.page.getByTestId('audit-error'))).toBeVisible();
  }

  /** Entries for one action on one target (`Node/<name>`), optionally with an outcome. */
  entriesFor(action: string, target: string, outcome?: string): Locator {
    const o = outcome ? `[data-outcome="${outcome}"]` : '';
    return this.page.locator(`[data-testid="audit-entry"][data-action="${action}"][data-target="${target}"]${o}`);
  }
}
