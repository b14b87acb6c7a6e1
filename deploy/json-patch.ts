/**
 * RFC 6902 JSON Patch (add, remove, replace, test) over plain JSON values:
 * what the kustomizations here use for their patches. Returns a new value;
 * throws with the operation's path when one does not apply, as kustomize does.
 */
export interface PatchOp { op: 'add' | 'remove' | 'replace' | 'test'; path: string; value?: unknown }

type Json = unknown;

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function index(arr: Json[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new Error(`not an array index: ${key}`);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new Error(`index ${i} out of range`);
  return i;
}

function applyOne(doc: Json, op: PatchOp): Json {
  const keys = pointer(op.path);
  if (keys.length === 0) {
    if (op.op === 'test') {
      if (JSON.stringify(doc) !== JSON.stringify(op.value)) throw new Error('test failed at the root');
      return doc;
    }
    if (op.op === 'remove') throw new Error('cannot remove the root');
    return structuredClone(op.value);
  }
  const root = structuredClone(doc);
  let parent: Json = root;
  for (const k of keys.slice(0, -1)) {
    if (Array.isArray(parent)) parent = parent[index(parent, k, false)];
    else if (isObject(parent) && k in parent) parent = parent[k];
    else throw new Error(`path ${op.path}: ${k} does not exist`);
  }
  const last = keys.at(-1)!;
  if (Array.isArray(parent)) {
    const i = index(parent, last, op.op === 'add');
    if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
    else if (op.op === 'remove') parent.splice(i, 1);
    else if (op.op === 'replace') parent[i] = structuredClone(op.value);
    else if (JSON.stringify(parent[i]) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}: ${JSON.stringify(parent[i])}`);
    return root;
  }
  if (!isObject(parent)) throw new Error(`path ${op.path}: parent is not an object or array`);
  if (op.op !== 'add' && !(last in parent)) throw new Error(`path ${op.path} does not exist`);
  if (op.op === 'remove') delete parent[last];
  else if (op.op === 'test') {
    if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}: ${JSON.stringify(parent[last])}`);
  } else parent[last] = structuredClone(op.value);
  return root;
}

export function applyJsonPatch(doc: Json, ops: readonly PatchOp[]): Json {
  return ops.reduce((d, op) => {
    if (!['add', 'remove', 'replace', 'test'].includes(op.op)) throw new Error(`unsupported op ${op.op}`);
    return applyOne(d, op);
  }, doc);
}
