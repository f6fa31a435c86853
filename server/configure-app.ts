import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './common/app-config';
import { securityHeaders } from './common/security-headers';
import { jsonBodyOnly } from './common/json-body';
import { setupModeAnswers } from './common/setup-mode-answers';
import { peerPushGateOf } from './peers/peer-push-gate';

/**
 * One pipeline for main.ts and every test, so tests exercise what production runs. `mode`: the full node,
 * or the app of a node in setup mode, which has no peers and answers the root API paths itself.
 */
export function configureApp(
  app: INestApplication,
  config: Pick<AppConfig, 'tls' | 'trustProxy'>,
  mode: 'node' | 'setup' = 'node',
): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Off by default: X-Forwarded-For is whatever the client wrote, unless a proxy we trust wrote it. With a
  // proxy in front, req.ip (rate limits, admin lockouts, the audit log) is the client's, not the proxy's.
  express.set('trust proxy', config.trustProxy);
  // Responses are small and change with every block; hashing each body for an ETag is wasted work.
  express.set('etag', false);
  express.use(securityHeaders({ tls: config.tls !== null }));
  // Before the body is read: a banned peer's push is refused unread, and an oversize one still counts.
  // Only a full node has peers: asking the setup app for them would log Nest's "could not find" error.
  const pushGate = mode === 'node' ? peerPushGateOf(app) : null;
  if (pushGate) express.use(pushGate);
  // Before the setup app's routes and its portal fallback, which would otherwise answer the root API paths.
  if (mode === 'setup') express.use(setupModeAnswers());
  express.use(jsonBodyOnly());
  // Public reads are open to other origins: a voter's browser checks its receipt against several nodes.
  // Admin requests carry a bearer token, never a cookie, so this opens nothing to cross-site requests.
  app.enableCors({ origin: '*', methods: ['GET', 'HEAD'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder()
    .setTitle('Ballotchain node')
    .setDescription('Ballots, blocks, peers and results of one node. The seed-compatible endpoints live at the root; the rest under /api.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
