import { Module } from '@nestjs/common';
import { PendingCodesController } from './pending-codes.controller';

/** Part of the full node: the activation codes of an election created on the Admin page, until confirmed. */
@Module({ controllers: [PendingCodesController] })
export class PendingCodesModule {}
