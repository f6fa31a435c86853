import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PORTAL_PAGE_PATHS, ROOT_API_PATHS } from './api-paths';
import type { SetupHealth } from '../../api/http';
import { wantsPortal } from './wants-portal';

/** The path without a trailing slash, as Express routes match it ("/health/" is "/health"). */
function routePath(req: Request): string {
  return req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
}

/**
 * The root API paths of a node that has no election yet. The setup app serves the portal for every other
 * path, so without these a monitor asking /health, or a seed client asking /chain, would get the portal's
 * HTML with a 200. /health says the node is alive and waiting; /election says what /api/election says;
 * every other one says that there is no election yet, as a JSON error.
 */
export function setupModeAnswers(startedAt: number = Date.now()): RequestHandler {
  const paths = new Set(ROOT_API_PATHS);
  return (req: Request, res: Response, next: NextFunction) => {
    const path = routePath(req);
    if (!paths.has(path)) return next();
    if (PORTAL_PAGE_PATHS.includes(path) && (req.method === 'GET' || req.method === 'HEAD') && wantsPortal(req)) return next();
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      const health: SetupHealth = { status: 'ok', phase: 'setup', uptime_s: Math.round((Date.now() - startedAt) / 1000) };
      res.status(200).json(health);
      return;
    }
    if (path === '/election' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.status(200).json({ phase: 'setup' });
      return;
    }
    res.status(503).json({
      statusCode: 503,
      error: 'no-election',
      message: 'This node has no election yet: an admin creates it on the portal’s Admin page (/admin).',
    });
  };
}
