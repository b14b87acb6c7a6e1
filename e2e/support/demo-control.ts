import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The e2e demo cluster's control surface (off the Kubernetes paths), found through its state file. */
export class DemoControl {
  private readonly controlUrl: string;
  private readonly token: string;

  constructor(stateDir = process.env.E2E_STATE_DIR ?? '.demo/e2e') {
    const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as { controlUrl: string; token: string };
    this.controlUrl = state.controlUrl;
    this.token = state.token;
  }

  async step(step: 'reboot-with-race' | 'heal' | 'lose-primary', node: string): Promise<void> {
    const res = await fetch(`${this.controlUrl}/steps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ step, node }),
    });
    if (!res.ok) throw new Error(`demo step ${step} ${node} failed: ${res.status} ${await res.text()}`);
  }

  /** Switches a demo fault, e.g. `refuse-dry-run` (every dry-run write answered with an admission denial). */
  async fault(fault: 'refuse-dry-run', enabled: boolean): Promise<void> {
    const res = await fetch(`${this.controlUrl}/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fault, enabled }),
    });
    if (!res.ok) throw new Error(`demo fault ${fault} ${enabled} failed: ${res.status} ${await res.text()}`);
  }

  /** Injects a fault with its parameters, e.g. `{ fault: 'down', seconds: 8 }` (docs/demo-cluster.md). */
  async inject(body: { fault: string } & Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.controlUrl}/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`demo fault ${JSON.stringify(body)} failed: ${res.status} ${await res.text()}`);
  }

  /** A data-plane fault (demo/data-plane-control.ts): kill or restore a node's pod network, partition zones or heal them. */
  async dataPlane(body: { action: 'kill-pod-network' | 'restore-pod-network'; node: string } | { action: 'partition'; zones: [string, string] } | { action: 'heal-partitions' }): Promise<void> {
    const res = await fetch(`${this.controlUrl}/data-plane`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`demo data-plane ${JSON.stringify(body)} failed: ${res.status} ${await res.text()}`);
  }

  /** Switches every injected fault off. */
  async clearFaults(): Promise<void> {
    await this.inject({ fault: 'clear' });
  }
}
