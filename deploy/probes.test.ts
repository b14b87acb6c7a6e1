/**
 * deploy/probes: valid for the API schema of every kind, and the promises of
 * docs/data-plane.md: a prober on the pod network, unprivileged, read-only,
 * no capabilities, listening only on its probe port, with read-only RBAC
 * beyond its own report.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESH_CONFIGMAP } from '@/lib/probes/mesh-set';
import { renderKustomization } from './render';
import { validateManifest } from './schema';

const probes = renderKustomization(fileURLToPath(new URL('./probes', import.meta.url)));

describe('deploy/probes', () => {
  it('every object is valid for its kind', () => {
    expect(probes.map((o) => [`${o.kind}/${o.metadata.name}`, validateManifest(o)])).toEqual(probes.map((o) => [`${o.kind}/${o.metadata.name}`, []]));
  });

  it('runs the prober unprivileged on the pod network, listening on its probe port only', () => {
    const ds = probes.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'cni-health-prober');
    const spec = (ds?.spec as { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } }).template.spec;
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true });
    const c = spec.containers[0] as { securityContext: Record<string, unknown>; ports: { containerPort: number }[]; resources: { requests: unknown; limits: unknown } };
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext).not.toHaveProperty('capabilities.add');
    expect(c.ports.map((p) => p.containerPort)).toEqual([9809]);
    expect(c.resources.requests).toEqual(c.resources.limits);
  });

  it('grants writes only on ConfigMaps in its namespace, and reads elsewhere', () => {
    const rules = probes.filter((o) => (o.kind === 'Role' || o.kind === 'ClusterRole') && o.metadata.name !== 'cni-health-probe-mesh').flatMap((o) => (o.rules as { resources: string[]; verbs: string[] }[]).map((r) => ({ ...r, kind: o.kind })));
    const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
    expect(writes).toEqual([expect.objectContaining({ kind: 'Role', resources: ['configmaps'], verbs: ['get', 'create', 'update'] })]);
  });

  it('lists and watches only the probe mesh among ConfigMaps, by name', () => {
    const rules = probes.filter((o) => (o.kind === 'Role' || o.kind === 'ClusterRole') && o.metadata.name.startsWith('cni-health-prober')).flatMap((o) => o.rules as { resources: string[]; verbs: string[]; resourceNames?: string[] }[]);
    const listing = rules.filter((r) => r.resources.includes('configmaps') && r.verbs.some((v) => v === 'list' || v === 'watch'));
    expect(listing).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [MESH_CONFIGMAP], verbs: ['list', 'watch'] }]);
  });

  it('ships the mesh empty and without data (re-applying keeps a chosen set), and lets operators update only that one ConfigMap', () => {
    const cm = probes.find((o) => o.kind === 'ConfigMap' && o.metadata.name === MESH_CONFIGMAP);
    expect(cm).toBeDefined();
    expect(cm).not.toHaveProperty('data');
    const role = probes.find((o) => o.kind === 'Role' && o.metadata.name === 'cni-health-probe-mesh');
    expect(role?.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [MESH_CONFIGMAP], verbs: ['get', 'update', 'patch'] }]);
  });
});
