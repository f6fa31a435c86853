import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ChainService } from './chain/chain.service';
import { AdminToken } from './common/admin-token';
import type { AppConfig } from './common/app-config';
import { ElectionContext } from './common/election-context';
import { LimitedExpressAdapter } from './common/http-server';
import { openDatabase } from './common/open-database';
import { RELEASE } from './common/release';
import { storedGenesis } from './common/stored-genesis';
import { configureApp } from './configure-app';
import { establishElection } from './setup/establish-election';
import { SetupModule } from './setup/setup.module';

/**
 * A running node. In setup mode it first serves only the portal and election creation; once an admin has
 * created the election, that app closes and the full node starts on the same port.
 */
export class RunningNode {
  private current: NestExpressApplication;
  private readonly started: Promise<void>;
  private markStarted!: () => void;
  private failStart!: (e: unknown) => void;

  constructor(
    app: NestExpressApplication,
    readonly mode: 'node' | 'setup',
  ) {
    this.current = app;
    this.started = new Promise((resolve, reject) => {
      this.markStarted = resolve;
      this.failStart = reject;
    });
    if (mode === 'node') this.markStarted();
  }

  get app(): NestExpressApplication {
    return this.current;
  }

  /** Resolves when the full node serves the election (at once, unless the node started in setup mode). */
  whenElectionReady(): Promise<void> {
    return this.started;
  }

  replace(app: NestExpressApplication): void {
    this.current = app;
    this.markStarted();
  }

  failed(e: unknown): void {
    this.failStart(e);
  }

  async close(): Promise<void> {
    await this.current.close();
  }
}

async function listen(app: NestExpressApplication, config: AppConfig, listenHost: string, mode: 'node' | 'setup'): Promise<void> {
  configureApp(app, config, mode);
  try {
    await app.listen(config.port, listenHost);
  } catch (e) {
    await app.close();
    throw e;
  }
}

/** Where the election a node serves came from, for the log line that opens every node's log. */
type ElectionOrigin = 'data dir' | 'definition' | 'peer' | 'portal';

/**
 * Says which election the node serves, from which data dir: a node started again on a data dir reopens its
 * election as it was left (maybe closed), and this line is where an operator sees it. Nothing secret.
 */
function logElection(app: NestExpressApplication, config: AppConfig, origin: ElectionOrigin, log: LoggerService): void {
  const election = app.get(ElectionContext);
  const chain = app.get(ChainService);
  log.log(
    {
      msg: origin === 'data dir' ? 'election reopened from the data dir' : 'new election in the data dir',
      election: election.id,
      title: election.election.title,
      phase: chain.state().phase,
      height: chain.tip().height,
      dataDir: config.dataDir,
      origin,
      ...(origin === 'data dir' ? { fresh: 'a new DATA_DIR (or an empty one) starts a new election' } : {}),
    },
    'Main',
  );
}

export interface StartOptions {
  logger: LoggerService | false;
  /** Interface to listen on; defaults to the configured HOST. */
  listenHost?: string;
  shutdownHooks?: boolean;
}

export async function startNode(config: AppConfig, options: StartOptions): Promise<RunningNode> {
  const log: LoggerService = options.logger || { log() {}, warn() {}, error() {} };
  const host = options.listenHost ?? config.host;
  // The one place a data dir is first opened at start: an upgrade of its layout happens here.
  const db = openDatabase(config.dataDir, ({ from, to }) => {
    log.log({ msg: 'database schema upgraded', dataDir: config.dataDir, from, to, release: RELEASE }, 'Main');
  });
  let readiness: 'ready' | 'setup';
  let origin: ElectionOrigin;
  try {
    origin = storedGenesis(db) ? 'data dir' : config.electionMode === 'join' ? 'peer' : 'definition';
    readiness = await establishElection(db, config, log);
  } finally {
    db.close();
  }
  const token = AdminToken.load(config);
  if (token.file) log.log({ msg: 'admin token kept in a file', file: token.file }, 'Main');
  const createFull = () =>
    NestFactory.create<NestExpressApplication>(
      AppModule.forConfig(config, token),
      new LimitedExpressAdapter(config.httpLimits, config.tls),
      {
        bodyParser: false,
        logger: options.logger,
        abortOnError: false,
      },
    );

  if (readiness === 'ready') {
    const app = await createFull();
    if (options.shutdownHooks) app.enableShutdownHooks();
    await listen(app, config, host, 'node');
    logElection(app, config, origin, log);
    return new RunningNode(app, 'node');
  }

  let node: RunningNode;
  const onCreated = () => {
    void (async () => {
      try {
        await node.app.close();
        const app = await createFull();
        if (options.shutdownHooks) app.enableShutdownHooks();
        await listen(app, config, host, 'node');
        node.replace(app);
        log.log({ msg: 'election created; node started', url: config.publicUrl }, 'Main');
        logElection(app, config, 'portal', log);
      } catch (e) {
        log.error({ msg: 'the node could not start after the election was created', error: (e as Error).message }, 'Main');
        node.failed(e);
      }
    })();
  };
  const setup = await NestFactory.create<NestExpressApplication>(
    SetupModule.forConfig(config, token, onCreated),
    new LimitedExpressAdapter(config.httpLimits, config.tls),
    {
      bodyParser: false,
      logger: options.logger,
      abortOnError: false,
    },
  );
  await listen(setup, config, host, 'setup');
  log.log({ msg: 'no election yet: waiting for an admin to create it', url: `${config.publicUrl}/admin`, dataDir: config.dataDir }, 'Main');
  node = new RunningNode(setup, 'setup');
  return node;
}
