/**
 * What the install grants, enumerated rule by rule and compared with the
 * list docs/install.md explains: anything added to a Role or ClusterRole
 * fails this test until it is added here (and explained there). And who
 * gets it: the service accounts only their own roles, remediation only people.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderKustomization, type KubeObject } from './render';

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));
const rendered = ['base', 'overlays/repair', 'overlays/node-condition', 'remediation'].map((d) => renderKustomization(`${DEPLOY}${d}`));
const objects = [...new Map(rendered.flat().map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o])).values()];

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
interface Subject { kind: string; name: string; namespace?: string; apiGroup?: string }

/** Every (role, namespace, group, resource, verb) the roles grant. */
const ALLOWED = [
  // The dashboard's service account: reads, and creates its audit Events in its own namespace.
  'ClusterRole/cni-health-dashboard-read * "" nodes get', 'ClusterRole/cni-health-dashboard-read * "" nodes list', 'ClusterRole/cni-health-dashboard-read * "" nodes watch',
  'ClusterRole/cni-health-dashboard-read * "" pods get', 'ClusterRole/cni-health-dashboard-read * "" pods list', 'ClusterRole/cni-health-dashboard-read * "" pods watch',
  'ClusterRole/cni-health-dashboard-read * "" events get', 'ClusterRole/cni-health-dashboard-read * "" events list', 'ClusterRole/cni-health-dashboard-read * "" events watch',
  'ClusterRole/cni-health-dashboard-read * "apps" daemonsets get', 'ClusterRole/cni-health-dashboard-read * "apps" daemonsets list', 'ClusterRole/cni-health-dashboard-read * "apps" daemonsets watch',
  'Role/cni-health-dashboard-read cni-health "" configmaps get', 'Role/cni-health-dashboard-read cni-health "" configmaps list', 'Role/cni-health-dashboard-read cni-health "" configmaps watch',
  'Role/cni-health-dashboard-audit cni-health "" events create',
  // Its state (sessions, operations, previews, the session key) and its leader-election Lease, in its own namespace.
  'Role/cni-health-dashboard-state cni-health "" secrets get', 'Role/cni-health-dashboard-state cni-health "" secrets list', 'Role/cni-health-dashboard-state cni-health "" secrets create',
  'Role/cni-health-dashboard-state cni-health "" secrets update', 'Role/cni-health-dashboard-state cni-health "" secrets delete',
  'Role/cni-health-dashboard-state cni-health "coordination.k8s.io" leases create',
  'Role/cni-health-dashboard-state cni-health "coordination.k8s.io" leases get [cni-health-dashboard]', 'Role/cni-health-dashboard-state cni-health "coordination.k8s.io" leases update [cni-health-dashboard]',
  // The agent: snapshots and repair requests in its namespace, and its Node for the owner reference.
  'Role/cni-health-agent cni-health "" configmaps get', 'Role/cni-health-agent cni-health "" configmaps list', 'Role/cni-health-agent cni-health "" configmaps watch',
  'Role/cni-health-agent cni-health "" configmaps create', 'Role/cni-health-agent cni-health "" configmaps update', 'Role/cni-health-agent cni-health "" configmaps delete',
  'ClusterRole/cni-health-agent-node-read * "" nodes get',
  // The opt-in Node condition: its own Node's CNIHealthy condition (narrowed by deploy/components/node-condition's policy).
  'ClusterRole/cni-health-agent-node-condition * "" nodes/status patch',
  // People who remediate (opt-in, bound to a group).
  'ClusterRole/cni-health-remediate * "" pods delete', 'ClusterRole/cni-health-remediate * "" pods/eviction create', 'ClusterRole/cni-health-remediate * "" nodes patch',
  'ClusterRole/cni-health-remediate * "apps" daemonsets patch',
  'Role/cni-health-repair-requests cni-health "" configmaps create', 'Role/cni-health-repair-requests cni-health "" configmaps get', 'Role/cni-health-repair-requests cni-health "" configmaps delete',
];

function grants(role: KubeObject): string[] {
  const rules = (role.rules as Rule[] | undefined) ?? [];
  return rules.flatMap((r) => {
    // Non-resource URLs are not used here; a rule that does must be reviewed by hand. Names narrowing a rule are listed.
    if (r.nonResourceURLs) return [`${role.kind}/${role.metadata.name} has nonResourceURLs`];
    const names = r.resourceNames ? ` [${r.resourceNames.join(',')}]` : '';
    return (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => (r.verbs ?? []).map((v) => `${role.kind}/${role.metadata.name} ${role.metadata.namespace ?? '*'} "${g}" ${res} ${v}${names}`)));
  });
}

const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate', '*'];

describe('RBAC', () => {
  it('grants exactly the listed permissions, rule by rule', () => {
    expect(roles.flatMap(grants).sort()).toEqual([...ALLOWED].sort());
  });

  it('uses no wildcard, and only the dashboard touches secrets, in its own namespace', () => {
    const all = roles.flatMap((r) => (r.rules as Rule[]));
    expect(all.flatMap((r) => [...(r.apiGroups ?? []), ...(r.resources ?? []), ...(r.verbs ?? [])]).filter((x) => x === '*')).toEqual([]);
    const secretRoles = roles.filter((r) => (r.rules as Rule[]).some((x) => x.resources?.includes('secrets'))).map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
    expect(secretRoles).toEqual(['Role/cni-health/cni-health-dashboard-state']);
  });

  it('binds each service account to its own roles, and remediation only to people', () => {
    const bound = bindings.flatMap((b) => ((b.subjects as Subject[]) ?? []).map((s) => `${s.kind}:${s.namespace ?? ''}:${s.name} -> ${(b.roleRef as { kind: string; name: string }).kind}/${(b.roleRef as { name: string }).name}`));
    expect(bound.sort()).toEqual([
      'Group::cni-health-operators -> ClusterRole/cni-health-remediate',
      'Group::cni-health-operators -> Role/cni-health-repair-requests',
      'ServiceAccount:cni-health:cni-health-agent -> ClusterRole/cni-health-agent-node-condition',
      'ServiceAccount:cni-health:cni-health-agent -> ClusterRole/cni-health-agent-node-read',
      'ServiceAccount:cni-health:cni-health-agent -> Role/cni-health-agent',
      'ServiceAccount:cni-health:cni-health-dashboard -> ClusterRole/cni-health-dashboard-read',
      'ServiceAccount:cni-health:cni-health-dashboard -> Role/cni-health-dashboard-audit',
      'ServiceAccount:cni-health:cni-health-dashboard -> Role/cni-health-dashboard-read',
      'ServiceAccount:cni-health:cni-health-dashboard -> Role/cni-health-dashboard-state',
    ]);
  });

  it('lets the dashboard service account write only in its own namespace: audit Events, and its state as Secrets and a Lease, never a ConfigMap', () => {
    const dashboardRoles = bindings
      .filter((b) => (b.subjects as Subject[]).some((s) => s.kind === 'ServiceAccount' && s.name === 'cni-health-dashboard'))
      .map((b) => `${(b.roleRef as { kind: string }).kind}/${(b.roleRef as { name: string }).name}`);
    const granted = roles.filter((r) => dashboardRoles.includes(`${r.kind}/${r.metadata.name}`)).flatMap(grants);
    expect(granted.length).toBeGreaterThan(1);
    const writes = granted.filter((g) => WRITE_VERBS.includes(g.replace(/ \[.*\]$/, '').split(' ').at(-1)!));
    expect(writes.every((g) => g.split(' ')[1] === 'cni-health')).toBe(true);
    expect(writes.map((g) => g.split(' ')[3]).sort()).toEqual(['events', 'leases', 'leases', 'secrets', 'secrets', 'secrets']);
  });

  it('lets nobody but the dashboard create Events in cni-health, so nobody else can write an audit record', () => {
    const writesEvents = (r: KubeObject): boolean => ((r.rules as Rule[] | undefined) ?? []).some((x) =>
      (x.apiGroups ?? []).some((g) => g === '' || g === '*') && (x.resources ?? []).some((res) => res === 'events' || res === '*')
      && (x.verbs ?? []).some((v) => ['create', 'update', 'patch', '*'].includes(v)));
    const writers = bindings.filter((b) => {
      const ref = b.roleRef as { kind: string; name: string };
      const role = roles.find((r) => r.kind === ref.kind && r.metadata.name === ref.name);
      // A ClusterRoleBinding reaches every namespace; a RoleBinding only its own.
      return role !== undefined && writesEvents(role) && (b.kind === 'ClusterRoleBinding' || b.metadata.namespace === 'cni-health');
    }).flatMap((b) => ((b.subjects as Subject[]) ?? []).map((s) => `${s.kind}:${s.namespace ?? ''}:${s.name}`));
    expect(writers).toEqual(['ServiceAccount:cni-health:cni-health-dashboard']);
  });

  it('leaves remediation out of the base install', () => {
    const [base] = rendered;
    expect(base?.filter((o) => /remediate|repair-requests/.test(o.metadata.name))).toEqual([]);
  });
});
