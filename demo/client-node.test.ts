/**
 * The dashboard's own client against the demo cluster, through the kubeconfig
 * (HTTPS + bearer token): typed lists and an informer that survives a 410.
 */
import {
  ApiException, AppsV1Api, AuthorizationV1Api, CoreV1Api, KubeConfig, ListWatch, PatchStrategy, setHeaderOptions, Watch, type V1Node,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, NESTED, startTestCluster, type TestCluster } from './test-support';

let c: TestCluster;
let kc: KubeConfig;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
  kc = new KubeConfig();
  kc.loadFromFile(c.kubeconfigPath);
});
afterAll(async () => {
  await c.cleanup();
});

describe('@kubernetes/client-node', () => {
  it('reads the kubeconfig context and lists typed objects over HTTPS', async () => {
    expect(kc.getCurrentContext()).toBe('cni-health-demo');
    expect(kc.getCurrentCluster()?.server).toBe(`https://127.0.0.1:${c.port}`);
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items).toHaveLength(12);
    expect(nodes.items[0]?.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const page = await core.listPodForAllNamespaces({ limit: 20 });
    expect(page.items).toHaveLength(20);
    expect(page.metadata?._continue).toBeTruthy();
    const ds = await kc.makeApiClient(AppsV1Api).readNamespacedDaemonSet({ name: 'kube-multus-ds', namespace: 'kube-system' });
    expect(ds.spec?.template.spec?.containers[0]?.args).toContain('--multus-conf-file=auto');
    await expect(core.readNamespacedPod({ name: 'nope', namespace: 'shop' })).rejects.toMatchObject({ code: 404 });
  });

  it('writes as the dashboard will: dry-run delete, strategic-merge and JSON patches, SSAR per context', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const pod = (await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'name=multus', limit: 1 })).items[0];
    const name = pod?.metadata?.name ?? '';
    const dry = await core.deleteNamespacedPod({ name, namespace: 'kube-system', dryRun: 'All', body: { preconditions: { uid: pod?.metadata?.uid } } });
    expect(dry.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect((await core.readNamespacedPod({ name, namespace: 'kube-system' })).metadata?.deletionTimestamp).toBeUndefined();

    // client-node 1.x picks application/json-patch+json for every patch unless a middleware sets the header.
    const body = { spec: { template: { spec: { containers: [{ name: 'kube-multus', resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } } }] } } } };
    const patched = await apps.patchNamespacedDaemonSet({ name: 'kube-multus-ds', namespace: 'kube-system', body, dryRun: 'All', fieldManager: 'cni-health' },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    expect(patched.spec?.template.spec?.containers[0]?.resources?.limits).toEqual({ cpu: '100m', memory: '100Mi' });
    expect(patched.spec?.template.spec?.containers[0]?.image).toBe('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2');
    const test = [{ op: 'test', path: '/metadata/generation', value: 99 }];
    await expect(apps.patchNamespacedDaemonSet({ name: 'kube-multus-ds', namespace: 'kube-system', body: test, dryRun: 'All' }))
      .rejects.toSatisfy((e: unknown) => e instanceof ApiException && e.code === 422);
    expect((await apps.readNamespacedDaemonSet({ name: 'kube-multus-ds', namespace: 'kube-system' })).metadata?.generation).toBe(1);

    const review = { spec: { resourceAttributes: { verb: 'delete', resource: 'pods', namespace: 'kube-system', name } } };
    const asAdmin = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: review });
    expect(asAdmin.status?.allowed).toBe(true);
    const viewer = new KubeConfig();
    viewer.loadFromFile(c.kubeconfigPath);
    viewer.setCurrentContext('cni-health-demo-viewer');
    expect((await viewer.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: review })).status?.allowed).toBe(false);
    await expect(viewer.makeApiClient(CoreV1Api).deleteNamespacedPod({ name, namespace: 'kube-system', dryRun: 'All' }))
      .rejects.toSatisfy((e: unknown) => e instanceof ApiException && e.code === 403);
  });

  it('keeps an informer in sync across dropped watches and a compacted history (410, relist)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const fieldSelector = `metadata.name=${HEALTHY}`;
    const informer = new ListWatch<V1Node>('/api/v1/nodes', new Watch(kc), () => core.listNode({ fieldSelector }), false, undefined, fieldSelector);
    const updates: V1Node[] = [];
    let onUpdate: (() => void) | undefined;
    informer.on('update', (n) => {
      updates.push(n);
      onUpdate?.();
    });
    const nextUpdate = (match: (n: V1Node) => boolean): Promise<void> => new Promise((resolve) => {
      onUpdate = () => {
        if (updates.some(match)) resolve();
      };
      onUpdate();
    });
    await informer.start();
    try {
      expect(informer.list()).toHaveLength(1);
      const listsBefore = c.stats().byResource.nodes?.lists ?? 0;
      // A change this watch does not see leaves its RV behind; compaction then makes it too old.
      c.rebootWithRace(NESTED[0] ?? '');
      c.compactHistory();
      c.dropWatches();
      c.rebootWithRace(HEALTHY);
      const bootID = (await core.readNode({ name: HEALTHY })).status?.nodeInfo?.bootID;
      await nextUpdate((n) => n.metadata?.name === HEALTHY && n.status?.nodeInfo?.bootID === bootID);
      expect(c.stats().byResource.nodes?.lists ?? 0).toBeGreaterThan(listsBefore);
      expect(informer.get(HEALTHY)?.status?.nodeInfo?.bootID).toBe(bootID);
    } finally {
      await informer.stop();
    }
  });
});
