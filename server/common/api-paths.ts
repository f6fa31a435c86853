/**
 * Paths the API owns, in every mode of a node: none of them ever falls back to the portal's index.html.
 * Patterns in the syntax of path-to-regexp, which @nestjs/serve-static matches its exclusions with.
 */
export const API_PATHS = [
  '/api',
  '/api/{*path}',
  '/chain',
  '/mine',
  '/pending_tx',
  '/health',
  '/metrics',
  '/new_transaction',
  '/register_node',
  '/register_with',
  '/add_block',
  // Answered by ElectionController: JSON for API clients, the portal for browsers.
  '/election',
  '/results',
];

/** The seed-compatible paths and the operational ones, at the root: API_PATHS but /api and its subpaths. */
export const ROOT_API_PATHS: readonly string[] = API_PATHS.filter((path) => !path.startsWith('/api'));

/** Root paths that are also portal pages: a browser asking for HTML gets the portal there. */
export const PORTAL_PAGE_PATHS: readonly string[] = ['/election', '/results'];
