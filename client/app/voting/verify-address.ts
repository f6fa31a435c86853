/*
 * Which address a receipt's QR code gives a phone, and whether a phone can reach it at all.
 */

/** Addresses that lead back to the device they are opened on: a phone scanning one reaches itself, not the node. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
  } catch {
    return false;
  }
}

/**
 * Where the QR code sends a phone: the node's public address (PUBLIC_URL, from /api/status), which its operator
 * sets to one other devices reach. When that is a loopback address but this page was opened at another one
 * (a proxy in front of the node), the page's own address is the one known to work from elsewhere.
 */
export function verifyBase(publicUrl: string | null, pageBase: string): string {
  if (publicUrl === null) return pageBase;
  if (isLoopbackUrl(publicUrl) && !isLoopbackUrl(pageBase)) return pageBase;
  return publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
}
