/**
 * Node names in a cloud share a long domain (`.eu-west-1.compute.internal`);
 * the grid shows the part that tells nodes apart and keeps the full name in
 * the tooltip and the accessible label.
 */
export function commonDomainSuffix(names: readonly string[]): string {
  if (names.length < 2) return '';
  const split = names.map((n) => n.split('.'));
  const suffix: string[] = [];
  for (let i = 1; ; i++) {
    const label = split[0]![split[0]!.length - i];
    if (label === undefined || split.some((parts) => parts.length <= i || parts[parts.length - i] !== label)) break;
    suffix.unshift(label);
  }
  return suffix.length > 0 ? `.${suffix.join('.')}` : '';
}

export function shortName(name: string, suffix: string): string {
  return suffix && name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : name;
}
