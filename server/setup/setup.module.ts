import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AdminAttempts } from '../common/admin-attempts';
import { AdminToken } from '../common/admin-token';
import { AppConfig } from '../common/app-config';
import { DATABASE, type Db } from '../common/database';
import { openDatabase } from '../common/open-database';
import { AllExceptionsFilter } from '../common/exception.filter';
import { CLIENT_ROOT } from '../common/paths';
import { RateLimitModule } from '../common/rate-limit.module';
import { ELECTION_CREATED, type ElectionCreatedListener } from './election-created';
import { SetupController } from './setup.controller';

/** The app of a node in setup mode: the portal, the admin token, and election creation; nothing else. */
@Module({})
export class SetupModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  static forConfig(config: AppConfig, adminToken: AdminToken, onCreated: ElectionCreatedListener): DynamicModule {
    return {
      module: SetupModule,
      imports: [
        ServeStaticModule.forRoot({ rootPath: CLIENT_ROOT, exclude: ['/api/{*path}'] }),
        RateLimitModule.forLimits(config.rateLimits),
      ],
      controllers: [SetupController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DATABASE, useFactory: () => openDatabase(config.dataDir) },
        { provide: AdminToken, useValue: adminToken },
        AdminAttempts,
        { provide: ELECTION_CREATED, useValue: onCreated },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
