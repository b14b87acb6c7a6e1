/**
 * The bulk repair preview of every self-nested node (the fleet page's
 * "Repair all N nodes"): planning, name-less access reviews and a dry run of
 * every call, as the demo's admin. Timed end to end over HTTP; nothing is applied.
 */
import { request } from 'node:http';

function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(u, {
      method: 'POST',
      // A mutating route: same-origin Origin and the action header, as the dashboard's own page sends.
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), origin: u.origin, 'x-cni-health-action': '1' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

export async function bulkPreviewTimes(base: string, runs: number): Promise<{ ms: number[]; nodes: number; bytes: number }> {
  const ms: number[] = [];
  let nodes = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await post(`${base}/api/remediations/bulk/preview`, { ruleId: 'multus-nested-delegates', action: 'repair-node-cni-config' });
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`bulk preview: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    const view = JSON.parse(res.body) as { nodes: unknown[]; canApply: boolean; cannotApplyReason?: string };
    if (!view.canApply) throw new Error(`bulk preview cannot apply: ${view.cannotApplyReason}`);
    nodes = view.nodes.length;
    bytes = res.body.length;
  }
  return { ms, nodes, bytes };
}
