import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AuthorityModule } from './authority/authority.module';
import { ChainModule } from './chain/chain.module';
import type { AdminToken } from './common/admin-token';
import { API_PATHS } from './common/api-paths';
import { AppConfig } from './common/app-config';
import { CommonModule } from './common/common.module';
import { ElectionModule } from './election/election.module';
import { AllExceptionsFilter } from './common/exception.filter';
import { CLIENT_ROOT } from './common/paths';
import { RateLimitModule } from './common/rate-limit.module';
import { MetricsModule } from './metrics/metrics.module';
import { PendingCodesModule } from './setup/pending-codes.module';
import { MiningModule } from './mining/mining.module';
import { PeersModule } from './peers/peers.module';
import { StatusModule } from './status/status.module';
import { VotingModule } from './voting/voting.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig, adminToken?: AdminToken): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.forRoot(config, adminToken),
        RateLimitModule.forLimits(config.rateLimits),
        ServeStaticModule.forRoot({ rootPath: CLIENT_ROOT, exclude: API_PATHS }),
        ChainModule,
        VotingModule,
        MiningModule,
        PeersModule,
        AuthorityModule,
        ElectionModule,
        StatusModule,
        MetricsModule,
        PendingCodesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
