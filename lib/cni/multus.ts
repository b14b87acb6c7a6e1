/**
 * Multus-specific reading of CNI configs. Multus thin plugin writes
 * 00-multus.conf wrapping the first config it finds into `delegates`; when
 * that first config is its own earlier output, it wraps itself
 * ("self-nesting"), and every pod sandbox on the node then fails.
 */
import { pluginTypes } from './files';

export function isMultusConfig(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && pluginTypes(json as Record<string, unknown>).includes('multus');
}

/**
 * JSON paths of Multus configs found inside another Multus config's
 * delegates, at any depth. Iterative, with a depth bound, so a hostile
 * 100,000-level document cannot overflow the stack.
 */
export function nestedMultusPaths(root: Record<string, unknown>, maxDepth = 64): string[] {
  const found: string[] = [];
  const stack: Array<{ node: Record<string, unknown>; path: string; depth: number }> = [{ node: root, path: '$', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth >= maxDepth) continue;
    const containers: Array<{ list: unknown; path: string }> = [{ list: node.delegates, path: `${path}.delegates` }];
    if (Array.isArray(node.plugins)) {
      node.plugins.forEach((p, i) => containers.push({ list: (p as { delegates?: unknown })?.delegates, path: `${path}.plugins[${i}].delegates` }));
    }
    for (const { list, path: listPath } of containers) {
      if (!Array.isArray(list)) continue;
      list.forEach((d, i) => {
        if (typeof d !== 'object' || d === null || Array.isArray(d)) return;
        const childPath = `${listPath}[${i}]`;
        if (isMultusConfig(d)) found.push(childPath);
        stack.push({ node: d as Record<string, unknown>, path: childPath, depth: depth + 1 });
      });
    }
  }
  return found.sort();
}
