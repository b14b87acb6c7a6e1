import { expect, type Locator, type Page } from '@playwright/test';

/** The node detail page at `/nodes/<name>`, addressed through roles and test ids only. */
export class NodePage {
  readonly root: Locator;
  readonly verdict: Locator;
  readonly findings: Locator;
  readonly files: Locator;
  readonly revisions: Locator;
  readonly multusTermination: Locator;
  readonly stuckPods: Locator;
  readonly compareLink: Locator;
  readonly timelinesLink: Locator;
  readonly invalidName: Locator;
  readonly notFound: Locator;
  /** The primary CNI agent's panel: its pod's state, the kubelet's warnings, its log tail. */
  readonly agent: Locator;
  readonly agentStatus: Locator;
  readonly agentTermination: Locator;
  readonly agentEvents: Locator;
  readonly agentLog: Locator;
  readonly agentLogForbidden: Locator;
  /** The CNIHealthy condition the node's own agent publishes (opt-in; on in the demo). */
  readonly cniCondition: Locator;
  readonly cniAgreement: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('node-detail');
    this.verdict = page.getByTestId('node-verdict');
    this.findings = page.getByTestId('finding');
    this.files = page.getByTestId('cni-file');
    this.revisions = page.getByTestId('revision');
    this.multusTermination = page.getByTestId('multus-termination');
    this.stuckPods = page.getByTestId('stuck-pod');
    this.compareLink = page.getByTestId('compare-link');
    this.timelinesLink = page.getByTestId('timelines-link');
    this.invalidName = page.getByTestId('invalid-node-name');
    this.notFound = page.getByTestId('node-not-found');
    this.agent = page.getByTestId('primary-agent');
    this.cniCondition = page.getByTestId('cni-condition');
    this.cniAgreement = this.cniCondition.getByTestId('cni-condition-agreement');
    this.agentStatus = this.agent.getByTestId('agent-status');
    this.agentTermination = this.agent.getByTestId('agent-termination');
    this.agentEvents = this.agent.getByTestId('agent-events').getByRole('listitem');
    this.agentLog = this.agent.getByTestId('agent-log-text');
    this.agentLogForbidden = this.agent.getByTestId('agent-log-forbidden');
  }

  /** Opens a node's page and waits for its detail (not the loading state) to render. */
  async open(name: string): Promise<void> {
    await this.page.goto(`/nodes/${name}`);
    // Drawn only once React runs in the page: from here on, clicks and keys are handled.
    await expect(this.page.getByTestId('live-indicator')).toBeVisible();
    await expect(this.root).toHaveAttribute('data-node', name);
  }

  finding(ruleId: string): Locator {
    return this.page.locator(`[data-testid="finding"][data-rule="${ruleId}"]`);
  }

  evidence(finding: Locator, file: string, jsonPath: string): Locator {
    return finding.locator(`[data-testid="evidence"][data-file="${file}"][data-path="${jsonPath}"]`);
  }

  file(name: string): Locator {
    return this.page.locator(`[data-testid="cni-file"][data-file="${name}"]`);
  }

  highlightedLines(file: Locator, jsonPath?: string): Locator {
    return file.locator(jsonPath ? `[data-highlight="true"][data-path="${jsonPath}"]` : '[data-highlight="true"]');
  }
}
