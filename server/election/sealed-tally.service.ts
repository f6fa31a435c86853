import { Injectable } from '@nestjs/common';
import { bytesToBase64url, ceremonyStatus, type SealedResult, sealedResult } from '../../protocol';
import type { SealedStatus } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { ElectionContext } from '../common/election-context';

/**
 * A sealed election as this node's main chain holds it: the trustees' ceremony and decryption, and the result
 * once enough of them have decrypted. The counts are recovered once per tip (a search of up to √ballots steps
 * per option) and kept until the tip moves.
 */
@Injectable()
export class SealedTallyService {
  private cached: { tip: string; result: SealedResult } | null = null;
  /** Set by DemoTrustees when this node holds the demo election's trustees. */
  demoTrustees = false;

  constructor(
    private readonly election: ElectionContext,
    private readonly chain: ChainService,
  ) {}

  status(): SealedStatus | null {
    const setup = this.election.election.sealed;
    const rules = this.election.rules.sealed;
    const ledger = this.chain.state().sealed;
    if (!setup || !rules || !ledger) return null;
    const status = ceremonyStatus(ledger.ceremony, setup, rules.group);
    const complaints = [...ledger.ceremony.complaints].map((c) => c.split('>').map(Number));
    return {
      threshold: setup.threshold,
      ceremony: status.state,
      waiting_for: status.state === 'in-progress' ? status.waitingFor : [],
      faulty: status.state === 'failed' ? status.faulty : [],
      election_key: status.state === 'complete' ? bytesToBase64url(status.key) : null,
      opened_with: ledger.opened ? bytesToBase64url(ledger.opened.key) : null,
      commitments: status.state === 'complete' ? status.commitments.map((cs) => cs.map(bytesToBase64url)) : null,
      blank: setup.blank,
      trustees: setup.trustees.map((t, i) => ({
        index: i + 1,
        name: t.name,
        committed: ledger.ceremony.commitments.has(i + 1),
        shared: ledger.ceremony.shares.has(i + 1),
        complained_about: complaints.filter(([by]) => by === i + 1).map(([, against]) => against),
        decrypted: ledger.decryptions.has(i + 1),
      })),
      demo_trustees: this.demoTrustees,
    };
  }

  /** The result as far as the main chain fixes it; null for an election that is not sealed. */
  result(): SealedResult | null {
    const rules = this.election.rules.sealed;
    const state = this.chain.state();
    if (!rules || !state.sealed) return null;
    const tip = this.chain.tip().hash;
    if (this.cached?.tip !== tip) {
      const result = sealedResult(
        rules.group,
        state.sealed,
        rules.setup.threshold,
        rules.optionCount,
        state.ballots,
        state.phase === 'closed',
      );
      this.cached = { tip, result };
    }
    return this.cached.result;
  }
}
