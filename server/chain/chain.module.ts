import { Module } from '@nestjs/common';
import { ChainController } from './chain.controller';
import { ChainService } from './chain.service';
import { ChainStore } from './chain.store';

@Module({
  controllers: [ChainController],
  providers: [ChainStore, ChainService],
  exports: [ChainService],
})
export class ChainModule {}
