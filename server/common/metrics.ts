import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The node's Prometheus metrics (prom-client), served at GET /metrics. One registry per node, not the
 * library's global one, so several nodes in one process (the tests) keep apart. The services record
 * events here; gauges that read a service's state at scrape time are added by MetricsModule.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly admitted = new Counter({
    name: 'ballotchain_transactions_admitted_total',
    help: 'Transactions stored in the pool, by kind (open-ballot, sealed-ballot, credential, lifecycle, ceremony, decryption)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly refused = new Counter({
    name: 'ballotchain_transactions_refused_total',
    help: 'Transactions refused at admission, by reason (the error code a client gets)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly blockValidation = new Histogram({
    name: 'ballotchain_block_validation_seconds',
    help: 'Time to check and store one block, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
    registers: [this.registry],
  });

  readonly mining = new Histogram({
    name: 'ballotchain_mining_seconds',
    help: 'Time to mine one block, selection and proof of work included',
    buckets: [0.01, 0.05, 0.2, 1, 5, 30],
    registers: [this.registry],
  });

  readonly peerBans = new Counter({
    name: 'ballotchain_peer_bans_total',
    help: 'Peers banned for misbehaving, by offence',
    labelNames: ['offence'] as const,
    registers: [this.registry],
  });

  readonly sync = new Histogram({
    name: 'ballotchain_sync_round_seconds',
    help: 'Time of one catch-up round with every peer not in back-off',
    buckets: [0.01, 0.05, 0.2, 1, 5, 30],
    registers: [this.registry],
  });
}
