import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { RateLimits } from './rate-limit-settings';
import { RATE_LIMITS, RateLimitGuard, throttlerOptions } from './rate-limits';

/** Per-client limits on every API route, by kind of request (see rate-limits.ts): for the node and setup mode alike. */
@Module({})
export class RateLimitModule {
  static forLimits(limits: RateLimits): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(limits))],
      providers: [
        { provide: RATE_LIMITS, useValue: limits },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
