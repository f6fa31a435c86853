import { Module } from '@nestjs/common';
import { ChainController } from './chain.controller';
import { ChainService } from './chain.service';
import { ChainStore } from './chain.store';
import { SealedPrechecks } from './sealed-prechecks';
import { SignaturePrechecks } from './signature-prechecks';

@Module({
  controllers: [ChainController],
  providers: [ChainStore, ChainService, SignaturePrechecks, SealedPrechecks],
  exports: [ChainService, SignaturePrechecks],
})
export class ChainModule {}
