import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock } from './clock';
import { DATABASE, type Db, openDatabase, readMeta, writeMeta } from './database';
import { ElectionContext } from './election-context';
import { NodeIdentity } from './node-identity';

export class DataDirMismatchError extends Error {}

/** Configuration, clock, database, election and identity: shared by every feature module. */
@Global()
@Module({})
export class CommonModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: AppConfig, useValue: config },
        Clock,
        {
          provide: DATABASE,
          useFactory: () => {
            const db = openDatabase(config.dataDir);
            const election = new ElectionContext(config.election);
            const stored = readMeta(db, 'election_digest');
            if (stored && stored !== election.digest) {
              db.close();
              throw new DataDirMismatchError(
                `DATA_DIR ${config.dataDir} holds the chain of another election; use a new DATA_DIR for this election`,
              );
            }
            if (!stored) writeMeta(db, 'election_digest', election.digest);
            return db;
          },
        },
        { provide: ElectionContext, useFactory: () => new ElectionContext(config.election) },
        { provide: NodeIdentity, inject: [DATABASE], useFactory: (db: Db) => NodeIdentity.load(db, config.publicUrl) },
      ],
      exports: [AppConfig, Clock, DATABASE, ElectionContext, NodeIdentity],
    };
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
