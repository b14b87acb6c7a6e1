/**
 * The node opened from the grid, so that coming back (Back, or "Nodes")
 * puts the focus on it again instead of on the first cell. Per tab
 * (sessionStorage), read once.
 */
const KEY = 'cni-health:grid-return';

export function rememberOpenedNode(name: string): void {
  try {
    sessionStorage.setItem(KEY, name);
  } catch {
    // Storage refused (private mode, quota): the focus starts at the first cell, as before.
  }
}

export function takeOpenedNode(): string | undefined {
  try {
    const name = sessionStorage.getItem(KEY) ?? undefined;
    sessionStorage.removeItem(KEY);
    return name;
  } catch {
    return undefined;
  }
}
