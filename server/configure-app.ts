import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';

/** A block of 10 000 ballots is about 1 MB of JSON; nothing a client legitimately sends is larger. */
const BODY_LIMIT = '8mb';

/** One pipeline for main.ts and every test, so tests exercise what production runs. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Only JSON bodies are accepted: a form post or text body is refused with 415, never half-parsed.
  express.use((req: Request, res: Response, next: NextFunction) => {
    const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
    if ((req.method === 'POST' || req.method === 'PUT') && (hasBody || req.headers['transfer-encoding']) && !req.is('application/json')) {
      res.status(415).json({ statusCode: 415, error: 'unsupported-media-type', message: 'send the body as application/json' });
      return;
    }
    next();
  });
  const parseJson = json({ limit: BODY_LIMIT, strict: true });
  express.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (err?: { status?: number; type?: string; message?: string }) => {
      if (err) {
        const status = err.status ?? 400;
        const tooLarge = err.type === 'entity.too.large';
        res.status(status).json({
          statusCode: status,
          error: tooLarge ? 'payload-too-large' : 'bad-request',
          message: tooLarge ? `request body is larger than ${BODY_LIMIT}` : 'request body is not valid JSON',
        });
        return;
      }
      if (req.method === 'POST' && req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
        res.status(400).json({ statusCode: 400, error: 'bad-request', message: 'request body must be a JSON object' });
        return;
      }
      next();
    }),
  );
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder()
    .setTitle('Ballotchain node')
    .setDescription('Ballots, blocks, peers and results of one node. The seed-compatible endpoints live at the root; the rest under /api.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
