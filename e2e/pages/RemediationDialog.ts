import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The remediation panels (node page, grid page) and their dialog: preview,
 * confirmation, Apply, progress. Roles and test ids only.
 */
export class RemediationDialog {
  readonly root: Locator;
  readonly preview: Locator;
  readonly calls: Locator;
  readonly warnings: Locator;
  readonly dryRuns: Locator;
  readonly confirmInput: Locator;
  readonly apply: Locator;
  readonly applyDisabledReason: Locator;
  readonly operation: Locator;
  readonly headline: Locator;
  readonly outcome: Locator;
  readonly diffChanges: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByRole('dialog');
    this.preview = this.root.getByTestId('remediation-preview');
    this.calls = this.root.getByTestId('planned-call');
    this.warnings = this.root.getByTestId('preview-warning');
    this.dryRuns = this.root.getByTestId('dry-run');
    this.confirmInput = this.root.getByTestId('confirm-input');
    this.apply = this.root.getByTestId('apply');
    this.applyDisabledReason = this.root.getByTestId('apply-disabled-reason');
    this.operation = this.root.getByTestId('operation');
    this.headline = this.root.getByTestId('operation-headline');
    this.outcome = this.root.getByTestId('operation-outcome');
    this.diffChanges = this.root.getByTestId('diff-change');
  }

  /** The action's row in a panel (`node-remediations` or `cluster-remediations`). */
  action(id: string): Locator {
    return this.page.locator(`[data-testid="remediation-action"][data-action="${id}"]`);
  }

  button(id: string): Locator {
    return this.action(id).getByRole('button');
  }

  disabledReason(id: string): Locator {
    return this.action(id).getByTestId('action-disabled-reason');
  }

  /** Opens the action's dialog and waits until its preview (plan and dry-runs) is shown. */
  async open(id: string): Promise<void> {
    await this.button(id).click();
    await expect(this.root).toBeVisible();
    await expect(this.preview).toHaveAttribute('data-action', id, { timeout: 20_000 });
  }

  call(id: string): Locator {
    return this.root.locator(`[data-testid="planned-call"][data-call="${id}"]`);
  }

  diffChange(path: string): Locator {
    return this.root.locator(`[data-testid="diff-change"][data-path="${path}"]`);
  }

  async confirm(text: string): Promise<void> {
    await this.confirmInput.fill(text);
  }

  /** Waits for the operation to reach a final state and returns it. */
  async finalState(timeout = 90_000): Promise<string> {
    await expect(this.operation).toHaveAttribute('data-state', /^(succeeded|failed|timed-out)$/, { timeout });
    return (await this.operation.getAttribute('data-state')) ?? '';
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.root).toBeHidden();
  }
}
