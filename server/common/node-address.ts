/**
 * Normalises a node address to its origin: scheme, lower-case host and port, no path or trailing slash,
 * so that "http://127.0.0.1:8000/" and "HTTP://127.0.0.1:8000" name the same peer.
 */
export function normalizeNodeAddress(raw: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error('node address must be a non-empty URL');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`"${raw}" is not a URL such as http://127.0.0.1:8001`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('node address must use http or https');
  if (url.username || url.password) throw new Error('node address must not carry credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error('node address must be an origin such as http://127.0.0.1:8001, without a path');
  }
  return url.origin;
}
