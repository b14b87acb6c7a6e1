/**
 * The three patch formats of the API server, applied to plain JSON:
 * - JSON merge patch (RFC 7386): objects merge, null deletes, arrays replace.
 * - JSON patch (RFC 6902): add, remove, replace, move, copy, test; the
 *   messages are evanphx/json-patch's, which the API server returns.
 * - Strategic merge patch: a merge patch where lists with a patch merge key
 *   merge element by element (containers and initContainers by name, and so
 *   on, see MERGE_KEYS) and `$patch: delete|replace` directives are honoured.
 *   Limits: no `$setElementOrder`, `$retainKeys` or `$deleteFromPrimitiveList`;
 *   primitive lists with the merge strategy (finalizers) are replaced.
 */
import type { JsonValue } from '../types';

export class PatchError extends Error {}

type Obj = { [k: string]: JsonValue };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/** Lists merged by key in strategic merge patches of the kinds the demo serves (from the Go struct tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name',
  ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name',
  hostAliases: 'ip', ownerReferences: 'uid', conditions: 'type', resourceClaims: 'name',
};

function strategicList(target: JsonValue[], patch: JsonValue[], key: string): JsonValue[] {
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) return patch.filter((p) => !(isObj(p) && p.$patch === 'replace')).map((p) => structuredClone(p));
  const out = target.map((t) => structuredClone(t));
  for (const p of patch) {
    if (!isObj(p) || p[key] === undefined) throw new PatchError(`map: ${JSON.stringify(p)} does not contain declared merge key: ${key}`);
    const i = out.findIndex((t) => isObj(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = strategicMerge(out[i] ?? null, p);
    else out.push(strategicMerge(null, p));
  }
  return out;
}

export function strategicMerge(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return null;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const key = MERGE_KEYS[k];
    if (v === null) delete out[k];
    else if (key && Array.isArray(v) && Array.isArray(out[k] ?? [])) out[k] = strategicList((out[k] as JsonValue[] | undefined) ?? [], v, key);
    else out[k] = strategicMerge(out[k] ?? null, v);
  }
  return out;
}

export interface JsonPatchOp { op: string; path: string; value?: JsonValue; from?: string }

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: JsonValue, parts: string[], op: string, path: string): { parent: Obj | JsonValue[]; key: string } {
  let cur: JsonValue = doc;
  for (const p of parts.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  return { parent: cur, key: parts.at(-1) ?? '' };
}

function getAt(doc: JsonValue, path: string, op: string): JsonValue {
  const parts = pointer(path);
  if (!parts.length) return doc;
  const { parent, key } = parentOf(doc, parts, op, path);
  const v = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (v === undefined) throw new PatchError(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
  return v;
}

function removeAt(doc: JsonValue, path: string, op: string): JsonValue {
  const { parent, key } = parentOf(doc, pointer(path), op, path);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new PatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    return parent.splice(i, 1)[0] ?? null;
  }
  if (!(key in parent)) throw new PatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key] ?? null;
  delete parent[key];
  return v;
}

function addAt(doc: JsonValue, path: string, value: JsonValue, op: string): JsonValue {
  const parts = pointer(path);
  if (!parts.length) return value;
  const { parent, key } = parentOf(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new PatchError(`Unable to access invalid index: ${i}: invalid index referenced`);
    parent.splice(i, 0, value);
  } else {
    parent[key] = value;
  }
  return doc;
}

export function jsonPatch(target: JsonValue, ops: JsonPatchOp[]): JsonValue {
  let doc = structuredClone(target);
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        if (o.value === undefined) throw new PatchError('add operation does not apply: value is missing');
        doc = addAt(doc, o.path, structuredClone(o.value), 'add');
        break;
      case 'remove':
        removeAt(doc, o.path, 'remove');
        break;
      case 'replace':
        getAt(doc, o.path, 'replace');
        if (o.value === undefined) throw new PatchError('replace operation does not apply: value is missing');
        if (o.path === '') doc = structuredClone(o.value);
        else {
          removeAt(doc, o.path, 'replace');
          doc = addAt(doc, o.path, structuredClone(o.value), 'replace');
        }
        break;
      case 'move':
      case 'copy': {
        if (o.from === undefined) throw new PatchError(`${o.op} operation does not apply: from is missing`);
        const v = o.op === 'move' ? removeAt(doc, o.from, 'move') : structuredClone(getAt(doc, o.from, 'copy'));
        doc = addAt(doc, o.path, v, o.op);
        break;
      }
      case 'test': {
        let v: JsonValue | undefined;
        try {
          v = getAt(doc, o.path, 'test');
        } catch {
          v = undefined;
        }
        if (v === undefined || JSON.stringify(canonical(v)) !== JSON.stringify(canonical(o.value ?? null))) {
          throw new PatchError(`testing value ${o.path} failed: test failed`);
        }
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${o.op}`);
    }
  }
  return doc;
}

/** Key order does not matter for equality in `test`. */
function canonical(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k] ?? null)]));
}

export function asJsonPatch(body: unknown): JsonPatchOp[] {
  if (!Array.isArray(body)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return body.map((o: unknown) => {
    if (!isObj(o) || typeof o.op !== 'string' || typeof o.path !== 'string') throw new PatchError('Unexpected kind: missing op or path');
    return { op: o.op, path: o.path, ...(o.value !== undefined ? { value: o.value } : {}), ...(typeof o.from === 'string' ? { from: o.from } : {}) };
  });
}
