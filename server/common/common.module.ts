import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock } from './clock';
import { AdminAttempts } from './admin-attempts';
import { AdminToken } from './admin-token';
import { DATABASE, type Db } from './database';
import { openDatabase } from './open-database';
import { ElectionContext } from './election-context';
import { Metrics } from './metrics';
import { NodeIdentity } from './node-identity';
import { storedGenesis } from './stored-genesis';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';

/**
 * Configuration, clock, database, election, identity and the admin token: shared by every feature module.
 * The data dir already holds the election (see establishElection) when this module starts.
 */
@Global()
@Module({})
export class CommonModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  /** `adminToken`: the node's token when its starter has already loaded it (loading may create its file). */
  static forRoot(config: AppConfig, adminToken: AdminToken = AdminToken.load(config)): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useFactory: () => new Clock(config.clockOffsetSeconds) },
        { provide: DATABASE, useFactory: () => openDatabase(config.dataDir) },
        {
          provide: ElectionContext,
          inject: [DATABASE],
          useFactory: async (db: Db) => {
            const genesis = storedGenesis(db);
            if (!genesis?.election) throw new Error(`DATA_DIR ${config.dataDir} holds no election`);
            return new ElectionContext(genesis.election, genesis.election.sealed ? await libsodiumGroup() : null);
          },
        },
        { provide: NodeIdentity, inject: [DATABASE], useFactory: (db: Db) => NodeIdentity.load(db, config.publicUrl) },
        { provide: AdminToken, useValue: adminToken },
        AdminAttempts,
        Metrics,
      ],
      exports: [AppConfig, Clock, DATABASE, ElectionContext, NodeIdentity, AdminToken, AdminAttempts, Metrics],
    };
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
