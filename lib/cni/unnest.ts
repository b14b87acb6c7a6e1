/**
 * Un-nesting a self-nested Multus thin config: the innermost Multus level of
 * the file, which is the config Multus generated when it wrapped the primary
 * CNI config, before it wrapped its own file again on later restarts.
 *
 * Why the innermost level, and why in place: Multus thin before the fix of
 * k8snetworkplumbingwg/multus-cni#1142 (issue #1130, #1324: v4.0.2 still
 * wraps itself) takes the first *.conf/*.conflist in the directory as the
 * "master" config, 00-multus.conf included, and wraps it into
 * `delegates: [<master>]` (cmd/thin_entrypoint/main.go, createMultusConfig).
 * Each restart adds exactly one level whose only delegate is the previous
 * file, so the innermost level is the last good config. The container
 * runtime uses the lexically first config (containerd/go-cni WithDefaultConf,
 * CRI-O ocicni getDefaultCNINetwork) and reloads on every change, so the
 * file must go from nested to un-nested in one rename, never through "no
 * Multus config" (docs/repair-protocol.md, "The window").
 *
 * Pure and shared by the dashboard (preview), the node agent (the write) and
 * the demo cluster's simulated agent: all three derive the same bytes, so the
 * request carries only their sha256, never content.
 */
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from './json';
import { isMultusConfig } from './multus';

export type UnnestResult =
  | { ok: true; content: string; depth: number }
  | { ok: false; reason: string };

/** Each level the self-wrapping adds is `{type: multus, ..., delegates: [<previous file>]}` and nothing else. */
function soleMultusDelegate(level: JsonObject): JsonObject | undefined {
  const d = level.delegates;
  if (!Array.isArray(d) || d.length !== 1) return undefined;
  const only = d[0];
  return isJsonObject(only) && only.type === 'multus' ? only : undefined;
}

/**
 * The file's content with the self-nesting removed, serialised the one way
 * every caller serialises it. Refuses (never guesses) anything that is not
 * the shape Multus thin's self-wrapping produces: a file that does not
 * parse exactly, is not a Multus thin `.conf`, is not nested, or whose
 * innermost level does not delegate to a non-Multus config.
 */
export function unnestMultusConfig(content: string): UnnestResult {
  const parsed = parseJson(content);
  if (!parsed.ok) return { ok: false, reason: `the file is not valid JSON (${parsed.message})` };
  if (parsed.bom) return { ok: false, reason: 'the file starts with a byte-order mark, which libcni rejects' };
  // Rewriting must not change a value: a repeated key or a number JavaScript cannot hold exactly would.
  const issue = parsed.issues[0];
  if (issue) return { ok: false, reason: `the file cannot be rewritten exactly: ${issue.kind} at ${issue.path}` };
  const root: JsonValue = parsed.value;
  if (!isJsonObject(root) || root.type !== 'multus') return { ok: false, reason: 'the file is not a Multus thin config (top-level "type": "multus")' };
  let level = root;
  let depth = 1;
  for (let next = soleMultusDelegate(level); next; next = soleMultusDelegate(level)) {
    level = next;
    depth++;
  }
  if (depth === 1) {
    return nestsElsewhere(root)
      ? { ok: false, reason: 'the file nests Multus in a shape Multus\'s own wrapping does not produce; it is not un-nested automatically' }
      : { ok: false, reason: 'the file is not self-nested: there is nothing to un-nest' };
  }
  const delegates = level.delegates;
  if (!Array.isArray(delegates) || delegates.length === 0) return { ok: false, reason: `the innermost Multus level (depth ${depth}) has no delegates` };
  if (delegates.some((d) => !isJsonObject(d) || isMultusConfig(d))) {
    return { ok: false, reason: `the innermost Multus level (depth ${depth}) does not delegate to a primary (non-Multus) config` };
  }
  return { ok: true, content: `${JSON.stringify(level, null, 4)}\n`, depth };
}

function nestsElsewhere(root: JsonObject): boolean {
  return Array.isArray(root.delegates) && root.delegates.some((d) => isMultusConfig(d));
}
