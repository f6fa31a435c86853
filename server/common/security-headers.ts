import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/*
 * Security headers on every answer (helmet). The portal runs under a strict Content-Security-Policy: no
 * inline script and no inline style (the Angular build inlines nothing, see angular.json), code only
 * from this node. Its one data: URL is the receipt's QR code image; it may fetch from other nodes, which
 * is how a voter's browser checks a receipt against several of them. No page of the node may be framed
 * (the vote page must not be clickjacked), and no Referer leaves it: tracking codes appear in URLs.
 */
const portalPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'http:', 'https:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const common: HelmetOptions = {
  // The public reads are meant for other origins too (receipt checks from another node's portal).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // Plain http is allowed (localhost, or TLS ended by a proxy): nothing may be upgraded or pinned here.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
};

const portal = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: portalPolicy } });
// Swagger UI (the API's documentation page) sets inline styles; its scripts are files, as the portal's.
const docs = helmet({
  ...common,
  contentSecurityPolicy: { useDefaults: false, directives: { ...portalPolicy, 'style-src': ["'self'", "'unsafe-inline'"] } },
});

export function securityHeaders(): RequestHandler {
  return (req, res, next) => (req.path.startsWith('/api/docs') ? docs : portal)(req, res, next);
}
