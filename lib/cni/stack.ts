/**
 * The CNIs a node runs, as the grid filters and the header list them:
 * the family of every config that loads, plus the families Multus
 * delegates to (its primary network), effective config first.
 */
import { familyOf, type CniFamily } from './families';
import type { ConfigDir } from './files';
import { isJsonObject } from './json';

export function cniStack(dir: ConfigDir | undefined): CniFamily[] {
  if (!dir) return [];
  const ordered = dir.effective ? [dir.effective, ...dir.entries.filter((e) => e !== dir.effective)] : dir.entries;
  const found: CniFamily[] = [];
  const add = (f: CniFamily): void => {
    if (f !== 'other' && !found.includes(f)) found.push(f);
  };
  for (const entry of ordered) {
    if (!entry.load.ok || !entry.json) continue;
    const family = familyOf(entry.json);
    add(family);
    if (family === 'multus' && Array.isArray(entry.json.delegates)) {
      for (const d of entry.json.delegates) if (isJsonObject(d)) add(familyOf(d));
    }
  }
  return found;
}
