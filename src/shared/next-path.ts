/**
 * Where to go after sign-in: a path of this site, or '/'. The raw value must be one absolute path
 * (a single leading '/', no backslash, no control character: browsers drop tabs and newlines and
 * read a backslash as '/', so '/%09/evil.example' decoded would leave the site), and after URL parsing it must
 * stay on this origin and not begin with '//' ('/.//evil' parses to the path '//evil').
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next))
    return '/';
  const base = 'http://x.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? '/' : path;
}
