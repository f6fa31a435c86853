import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ChainService } from '../chain/chain.service';
import { Metrics } from '../common/metrics';
import { PeersService } from '../peers/peers.service';
import { VotingService } from '../voting/voting.service';

/** Gauges read from the node's state when Prometheus scrapes, so no request pays for keeping them. */
@Injectable()
export class NodeGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly peers: PeersService,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const { chain, voting, peers } = this;
    new Gauge({
      name: 'ballotchain_chain_height',
      help: 'Height of the main chain',
      registers,
      collect() {
        this.set(chain.tip().height);
      },
    });
    new Gauge({
      name: 'ballotchain_ledger_total',
      help: 'Ballots and credentials on the main chain',
      labelNames: ['what'] as const,
      registers,
      collect() {
        const state = chain.state();
        this.set({ what: 'ballots' }, state.ballots);
        this.set({ what: 'credentials' }, state.credentials);
      },
    });
    new Gauge({
      name: 'ballotchain_pool_size',
      help: 'Transactions waiting for a block',
      registers,
      collect() {
        this.set(voting.pendingCount());
      },
    });
    new Gauge({
      name: 'ballotchain_peers',
      help: 'Known peers, by state',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const counts = { reachable: 0, unreachable: 0, unknown: 0, banned: 0 };
        for (const p of peers.list()) counts[p.state]++;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'ballotchain_process_resident_memory_bytes',
      help: 'Resident memory of the node process',
      registers,
      collect() {
        this.set(process.memoryUsage.rss());
      },
    });
  }
}
