import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/*
 * Security headers on every answer (helmet). The portal runs under a strict Content-Security-Policy: no
 * inline script and no inline style (the Angular build inlines nothing, see angular.json), code only
 * from this node (and WebAssembly compiled from it: the group of sealed ballots is libsodium compiled to
 * WebAssembly, which 'wasm-unsafe-eval' allows without allowing eval of script). Its one data: URL is the receipt's QR code image; it may fetch from other nodes, which
 * is how a voter's browser checks a receipt against several of them. No page of the node may be framed
 * (the vote page must not be clickjacked), and no Referer leaves it: tracking codes appear in URLs.
 */
const portalPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'http:', 'https:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Browsers keep to https for this long once they have seen the header over it: 180 days. */
export const HSTS_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

/**
 * `tls`: the node serves https itself, so browsers may be told to use nothing else (HSTS). Without it,
 * plain http is allowed (localhost, or TLS ended by a proxy, which then sets HSTS itself): nothing may be
 * upgraded or pinned here. Subdomains are left alone: the node does not know what else runs under its name.
 */
export function securityHeaders({ tls }: { tls: boolean }): RequestHandler {
  const common: HelmetOptions = {
    // The public reads are meant for other origins too (receipt checks from another node's portal).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  };
  const portal = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: portalPolicy } });
  // Swagger UI (the API's documentation page) sets inline styles; its scripts are files, as the portal's.
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { ...portalPolicy, 'style-src': ["'self'", "'unsafe-inline'"] } },
  });
  return (req, res, next) => (req.path.startsWith('/api/docs') ? docs : portal)(req, res, next);
}
