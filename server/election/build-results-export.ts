import { phaseClaim, trusteeClaim } from '../../protocol';
import type { ResultsResponse } from '../../api/http';
import type { ChainLocation, ResultsExport } from '../../api/http';
import { ResultsNotFinalError } from './results-not-final.error';

/** What the export reads of the main chain: where a claimed transaction is, and the hash at a height. */
export interface ExportChainView {
  confirmedByClaim(claim: string): { height: number; position: number } | undefined;
  mainHashAt(height: number): string | undefined;
}

export interface ExportedElection {
  id: string;
  title: string;
  scheme: ResultsExport['scheme'];
  /** This node's public address, for the verifier's command line. */
  publicUrl: string;
}

function locate(chain: ExportChainView, claim: string): ChainLocation {
  const entry = chain.confirmedByClaim(claim);
  const hash = entry && chain.mainHashAt(entry.height);
  // A final result implies its CLOSE and decryptions are on the main chain: their absence is a broken store.
  if (!entry || !hash) throw new Error(`the main chain holds no transaction for ${claim}`);
  return { height: entry.height, hash, position: entry.position };
}

/** The final result of `results` with where its proofs are on the main chain; refused while it is not final. */
export function buildResultsExport(results: ResultsResponse, election: ExportedElection, chain: ExportChainView): ResultsExport {
  if (!results.final) throw new ResultsNotFinalError(results);
  const sealed = results.sealed;
  const node = election.publicUrl.replace(/\/+$/, '');
  return {
    format: 'ballotchain-results/1',
    election_id: election.id,
    title: election.title,
    scheme: election.scheme,
    tally: results.tally,
    blank: sealed?.blank ?? null,
    total: results.total,
    counted_at: { height: results.height, hash: results.tip },
    tally_digest: results.tally_digest,
    close: locate(chain, phaseClaim('close')),
    decryptions: (sealed?.decrypted_by ?? []).map((trustee) => ({
      trustee,
      ...locate(chain, trusteeClaim('trustee-decryption', trustee)),
    })),
    quorum: sealed?.quorum ?? [],
    verify: {
      node: `npm run verify -- --node ${node} --election ${election.id}`,
      record: `npm run verify -- --record election-record.json --election ${election.id}`,
      record_url: `${node}/api/record`,
    },
  };
}
