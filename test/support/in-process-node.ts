import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../server/app.module';
import { loadConfig } from '../../server/common/app-config';
import { configureApp } from '../../server/configure-app';

export interface InProcessNode {
  app: INestApplication;
  url: string;
  dataDir: string;
  /** Closes the app; removes the data dir unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
}

/**
 * A node in this process on a free loopback port and a fresh temporary data dir, through the same
 * configureApp() pipeline as production. `env` takes the node's environment variables (ELECTION_FILE, …).
 */
export async function startInProcessNode(env: Record<string, string> = {}): Promise<InProcessNode> {
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'ballotchain-test-'));
  const config = loadConfig({ PORT: '0', SYNC_INTERVAL_MS: '60000', ...env, DATA_DIR: dataDir });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), { bodyParser: false, logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    url,
    dataDir,
    stop: async (keepData = false) => {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
