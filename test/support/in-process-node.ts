import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../server/app.module';
import { loadConfig } from '../../server/common/app-config';
import { configureApp } from '../../server/configure-app';

export interface InProcessNode {
  app: INestApplication;
  url: string;
  port: number;
  dataDir: string;
  /** Closes the app; removes the data dir unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
}

/**
 * A node in this process on a free loopback port and a fresh temporary data dir, through the same
 * configureApp() pipeline as production. `env` takes the node's environment variables (ELECTION_FILE, …).
 * A failing start rejects (abortOnError: false) instead of exiting the test process.
 */
export async function startInProcessNode(env: Record<string, string> = {}): Promise<InProcessNode> {
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'ballotchain-test-'));
  // The port is known before the node starts, so its PUBLIC_URL is the address peers really use.
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ SYNC_INTERVAL_MS: '60000', PUBLIC_URL: url, ...env, PORT: String(port), DATA_DIR: dataDir });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  configureApp(app);
  try {
    await app.listen(port, '127.0.0.1');
  } catch (e) {
    await app.close();
    throw e;
  }
  return {
    app,
    url,
    port,
    dataDir,
    stop: async (keepData = false) => {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port that was free a moment ago (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
