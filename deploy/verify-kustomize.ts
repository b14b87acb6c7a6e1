/**
 * `npx tsx deploy/verify-kustomize.ts`: renders every kustomization in
 * deploy/ with `kubectl kustomize` and with deploy/render.ts and checks that
 * they produce the same objects. Needs kubectl 1.21 or later (kustomize v4+);
 * Debian's kubernetes-client 1.20 embeds kustomize v2.0.3, which cannot read
 * these files, which is why the unit tests use deploy/render.ts.
 */
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseYamlObjects, renderKustomization, type KubeObject } from './render';

const DEPLOY = fileURLToPath(new URL('.', import.meta.url));
const DIRS = ['base', 'overlays/repair', 'overlays/monitoring', 'overlays/node-condition', 'remediation'];
const id = (o: KubeObject): string => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byId = (objs: KubeObject[]): Map<string, KubeObject> => new Map(objs.map((o) => [id(o), o]));

let failed = false;
for (const dir of DIRS) {
  const text = execFileSync('kubectl', ['kustomize', `${DEPLOY}${dir}`], { encoding: 'utf8' });
  const theirs = byId(parseYamlObjects(text, `kubectl kustomize ${dir}`));
  const ours = byId(renderKustomization(`${DEPLOY}${dir}`));
  const ids = [...new Set([...theirs.keys(), ...ours.keys()])].sort();
  const diff = ids.filter((k) => !isDeepStrictEqual(theirs.get(k), ours.get(k)));
  console.log(`${dir}: ${ids.length} objects, ${diff.length === 0 ? 'identical' : `DIFFERENT: ${diff.join(', ')}`}`);
  if (diff.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
