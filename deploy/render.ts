/**
 * Renders the kustomizations in deploy/ in tests, without kubectl. CI gets
 * kubectl from Debian's kubernetes-client 1.20, whose kustomize (v2.0.3)
 * predates `resources: [dir]` and `patches:`; the manifests use today's
 * kustomize syntax (kubectl 1.21+), which is what cluster admins run. So this
 * implements exactly the subset used here, and refuses any other field
 * rather than silently ignore it. `npx tsx deploy/verify-kustomize.ts`
 * checks the result equals `kubectl kustomize` where kubectl is recent.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { applyJsonPatch, type PatchOp } from './json-patch';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Target { group?: string; version?: string; kind?: string; name?: string; namespace?: string }
interface Kustomization { apiVersion?: string; kind?: string; resources?: string[]; components?: string[]; patches?: { target: Target; patch?: string; path?: string }[] }

const KNOWN = new Set(['apiVersion', 'kind', 'resources', 'components', 'patches']);
/** A Kustomization, or a Component (kustomize v3.7+): resources and patches applied to the including kustomization's objects. */
const KINDS = { Kustomization: 'kustomize.config.k8s.io/v1beta1', Component: 'kustomize.config.k8s.io/v1alpha1' } as const;

export function parseYamlObjects(text: string, source: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${source} document ${i}: ${doc.errors[0]?.message}`);
    const obj = doc.toJS() as KubeObject | null;
    if (obj === null) return [];
    if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) throw new Error(`${source} document ${i}: apiVersion, kind and metadata.name are required`);
    return [obj];
  });
}

function matches(o: KubeObject, t: Target): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return (t.kind === undefined || t.kind === o.kind) && (t.name === undefined || t.name === o.metadata.name)
    && (t.group === undefined || t.group === group) && (t.version === undefined || t.version === version)
    && (t.namespace === undefined || t.namespace === o.metadata.namespace);
}

export function renderKustomization(dir: string): KubeObject[] {
  return build(dir, 'Kustomization', []);
}

function build(dir: string, kind: keyof typeof KINDS, inherited: KubeObject[]): KubeObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(k).filter((f) => !KNOWN.has(f));
  if (unknown.length > 0) throw new Error(`${file}: fields this renderer does not implement: ${unknown.join(', ')}`);
  if (k.apiVersion !== KINDS[kind] || k.kind !== kind) throw new Error(`${file}: not a ${KINDS[kind]} ${kind}`);
  let objects: KubeObject[] = [...inherited];
  for (const r of k.resources ?? []) {
    const path = resolve(dir, r);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : parseYamlObjects(readFileSync(path, 'utf8'), path)));
  }
  for (const c of k.components ?? []) objects = build(resolve(dir, c), 'Component', objects);
  const ids = objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`${file}: ${dup} appears twice`);
  for (const p of k.patches ?? []) {
    const ops = parse(p.patch ?? readFileSync(resolve(dir, p.path ?? ''), 'utf8')) as PatchOp[];
    if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are implemented`);
    const hits = objects.filter((o) => matches(o, p.target));
    if (hits.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(p.target)} matches nothing`);
    objects = objects.map((o) => (matches(o, p.target) ? applyJsonPatch(o, ops) as KubeObject : o));
  }
  return objects;
}
