const COUNT = /^\(\d+\) /;

/** "(3) cni-health": the broken count in front of the page's own title, or the title alone when nothing is broken. */
export function tabTitle(current: string, broken: number): string {
  const base = current.replace(COUNT, '');
  return broken > 0 ? `(${broken}) ${base}` : base;
}
