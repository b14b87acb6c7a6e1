/**
 * Side-by-side JSON with the lines that differ marked. Not a real diff (no
 * alignment): the changed paths are listed separately; this only guides
 * the eye in the two columns. A line counts as changed when the other side
 * has no identical line, compared as multisets so repeated lines (`}`)
 * pair up rather than all matching.
 */
export interface MarkedLine {
  text: string;
  changed: boolean;
}

export function jsonLines(value: unknown): string[] {
  if (value === undefined) return ['(absent)'];
  return JSON.stringify(value, null, 2).split('\n');
}

function mark(lines: readonly string[], other: readonly string[]): MarkedLine[] {
  const counts = new Map<string, number>();
  for (const l of other) counts.set(l, (counts.get(l) ?? 0) + 1);
  return lines.map((text) => {
    const n = counts.get(text) ?? 0;
    if (n > 0) {
      counts.set(text, n - 1);
      return { text, changed: false };
    }
    return { text, changed: true };
  });
}

export function markChangedLines(before: unknown, after: unknown): { before: MarkedLine[]; after: MarkedLine[] } {
  const b = jsonLines(before);
  const a = jsonLines(after);
  return { before: mark(b, a), after: mark(a, b) };
}

/** The cpu and memory a guaranteed-QoS preview would set, read from its patch body, to seed the editor. */
export function qosFromBody(body: unknown): { cpu?: string; memory?: string } {
  const containers = dig(body, ['spec', 'template', 'spec', 'containers']);
  const first = Array.isArray(containers) ? containers[0] : undefined;
  const requests = dig(first, ['resources', 'requests']);
  const cpu = dig(requests, ['cpu']);
  const memory = dig(requests, ['memory']);
  return { ...(typeof cpu === 'string' ? { cpu } : {}), ...(typeof memory === 'string' ? { memory } : {}) };
}

function dig(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
