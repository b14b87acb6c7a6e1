/**
 * Discovery documents, so kubectl (and client-go's RESTMapper) resolve
 * `nodes,pods,events,ds,cm` here as on a real cluster. kubectl first asks for
 * aggregated discovery (`as=APIGroupDiscoveryList`); answering with the
 * legacy documents and plain `application/json` makes it fall back, which is
 * what an API server older than 1.26 does.
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
import { KINDS, VERBS, kindsIn, type KindInfo } from './kinds';

/** The control plane the demo impersonates: EKS 1.30, like its kubelets. */
export const SERVER_VERSION = {
  major: '1',
  minor: '30+',
  gitVersion: 'v1.30.4-eks-a737599',
  gitCommit: '1b1c4c8a8c0ac3bb1a1d8e1f6f8a0ba3cce64f1e',
  gitTreeState: 'clean',
  buildDate: '2024-08-26T21:27:28Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
} as const;

export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

function apiResource(k: KindInfo): ApiResource {
  return {
    name: k.resource,
    singularName: k.singular,
    namespaced: k.namespaced,
    kind: k.kind,
    verbs: [...VERBS[k.resource]],
    ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
    ...(k.categories ? { categories: k.categories } : {}),
    storageVersionHash: k.storageVersionHash,
  };
}

export interface DiscoveryDoc {
  kind: string;
  apiVersion?: string;
  [field: string]: unknown;
}

/** Create-only review APIs (nothing stored) and subresources, as the API server lists them. */
const EXTRA: Record<string, ApiResource[]> = {
  '': [
    { name: 'nodes/status', singularName: '', namespaced: false, kind: 'Node', verbs: ['get', 'patch', 'update'], storageVersionHash: '' },
    { name: 'pods/eviction', singularName: '', namespaced: true, kind: 'Eviction', verbs: ['create'], storageVersionHash: '' },
  ],
  'authorization.k8s.io': [
    { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'], storageVersionHash: '' },
    { name: 'subjectaccessreviews', singularName: 'subjectaccessreview', namespaced: false, kind: 'SubjectAccessReview', verbs: ['create'], storageVersionHash: '' },
  ],
  'authentication.k8s.io': [
    { name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'], storageVersionHash: '' },
    { name: 'tokenreviews', singularName: 'tokenreview', namespaced: false, kind: 'TokenReview', verbs: ['create'], storageVersionHash: '' },
  ],
};

// Subresources carry `group`/`version` when they differ from their parent's (pods/eviction is policy/v1).
const withGroup = (r: ApiResource): ApiResource & { group?: string; version?: string } =>
  (r.name === 'pods/eviction' ? { ...r, group: 'policy', version: 'v1' } : r);

const resourcesIn = (group: string): ApiResource[] =>
  [...kindsIn(group, 'v1').map(apiResource), ...(EXTRA[group] ?? []).map(withGroup)]
    .map(({ storageVersionHash, ...r }) => (storageVersionHash ? { ...r, storageVersionHash } : r));

const GROUPS: string[] = [...new Set<string>([...Object.values(KINDS).map((k) => k.group), ...Object.keys(EXTRA)].filter((g) => g !== ''))].sort();

function groupDoc(group: string): DiscoveryDoc {
  const gv = { groupVersion: `${group}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [gv], preferredVersion: gv };
}

/** The discovery document for a path, or undefined when the path is not a discovery path. */
export function discoveryDocument(path: string, serverAddress: string): DiscoveryDoc | undefined {
  if (path === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }
  if (path === '/apis') {
    const groups = GROUPS.map((g) => {
      const { name, versions, preferredVersion } = groupDoc(g);
      return { name, versions, preferredVersion };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  if (path === '/api/v1') {
    return { kind: 'APIResourceList', groupVersion: 'v1', resources: resourcesIn('') };
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m && m[1] && GROUPS.includes(m[1])) {
    if (!m[2]) return groupDoc(m[1]);
    if (m[2] === 'v1') {
      return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/v1`, resources: resourcesIn(m[1]) };
    }
  }
  return undefined;
}
