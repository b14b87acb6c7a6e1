import { expect, type Locator, type Page } from '@playwright/test';

/** The config diff at `/diff`, addressed through roles and test ids only. */
export class DiffPage {
  readonly root: Locator;
  readonly base: Locator;
  readonly target: Locator;
  readonly choice: Locator;
  readonly pinnedNotice: Locator;
  readonly error: Locator;
  readonly copyLink: Locator;
  readonly copyMarkdown: Locator;
  readonly copyStatus: Locator;
  readonly latestSwitch: Locator;
  readonly ignoreSwitch: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('diff-page');
    this.base = page.getByTestId('diff-side-base');
    this.target = page.getByTestId('diff-side-target');
    this.choice = page.getByTestId('diff-choice');
    this.pinnedNotice = page.getByTestId('diff-pinned-notice');
    this.error = page.getByTestId('diff-error');
    this.copyLink = page.getByTestId('copy-link');
    this.copyMarkdown = page.getByTestId('copy-markdown');
    this.copyStatus = page.getByTestId('copy-status');
    this.latestSwitch = page.getByTestId('latest-switch');
    this.ignoreSwitch = page.getByTestId('ignore-switch');
  }

  async open(query: string): Promise<void> {
    await this.page.goto(`/diff?${query}`);
    // Drawn only once React runs in the page: from here on, clicks and keys are handled.
    await expect(this.page.getByTestId('live-indicator')).toBeVisible();
  }

  /** The URL's query parameters right now. */
  params(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  file(name: string): Locator {
    return this.page.locator(`[data-testid="diff-file"][data-file="${name}"]`);
  }

  /** A highlighted block of changed lines in one column of a file. */
  block(file: string, side: 'base' | 'target', mark: 'added' | 'removed' | 'changed', path: string): Locator {
    return this.file(file).getByTestId(`diff-column-${side}`).locator(`[data-testid="diff-block"][data-mark="${mark}"][data-path="${path}"]`);
  }

  async showView(view: 'Side by side' | 'Text (unified)'): Promise<void> {
    // The URL is the state: the radio turns checked once the URL has changed, so click, then wait for it.
    await this.page.getByRole('radio', { name: view }).click();
    await expect(this.page.getByRole('radio', { name: view })).toBeChecked();
  }
}
