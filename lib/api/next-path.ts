/**
 * Where to go after signing in: a path on this dashboard, never another
 * site. The `next` parameter is attacker-chosen (a link can carry any), and
 * browsers normalise URLs in ways prefix checks miss: tabs and newlines are
 * removed (`/%09/evil.example/` becomes `//evil.example/`), a backslash is a
 * slash in http(s) URLs, and `//host` is a network path. So it is parsed the
 * way the browser will parse it, with the WHATWG URL parser against the
 * dashboard's own origin (https://url.spec.whatwg.org/#concept-basic-url-parser),
 * and only a same-origin result is kept, as pathname + search + hash.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string {
  if (!next) return '/';
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || url.username || url.password) return '/';
  // A pathname that itself starts with two slashes (from `/.//evil.example`)
  // would be read as a network path when handed to location.assign.
  if (!url.pathname.startsWith('/') || url.pathname.startsWith('//')) return '/';
  // Back to the sign-in page would loop.
  if (url.pathname === '/signin') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
