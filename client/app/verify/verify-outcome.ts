import type { Outcome } from '../shared/outcome';
import type { ReceiptCheck } from './receipt-checker';

export type VerifyOutcomeCode =
  | 'not-a-code'
  | 'unreachable'
  | 'busy'
  | 'node-error'
  | 'no-election'
  | 'unknown'
  | 'pending'
  | 'verified'
  | 'this-node-only'
  | 'no-header'
  | 'nodes-disagree'
  | 'bad-header'
  | 'proof-mismatch'
  | 'code-mismatch'
  | 'block-mismatch';

/**
 * The answer to "is my ballot there?": which sentence to show (VerifyOutcomeMessage words it), in which tone,
 * and its figures. Red only where something is wrong; a ballot that only this node could vouch for is in its
 * block all the same, and the sentence says that, and what a cross-check would need.
 */
export interface VerifyOutcome {
  kind: Outcome['kind'];
  code: VerifyOutcomeCode;
  block: number;
  confirmations: number;
  /** How many nodes serve the same block. */
  nodes: number;
  /** The one node that could be asked, when it is not the node serving this page. */
  node: string | null;
  /** The node's own words, where they are all there is to say. */
  detail: string;
}

function outcome(kind: Outcome['kind'], code: VerifyOutcomeCode, rest: Partial<VerifyOutcome> = {}): VerifyOutcome {
  return { kind, code, block: 0, confirmations: 0, nodes: 0, node: null, detail: '', ...rest };
}

export function verifyOutcome(check: ReceiptCheck): VerifyOutcome {
  switch (check.status) {
    case 'failed': {
      const f = check.failure;
      if (f.status === 400) return outcome('error', 'not-a-code', { detail: f.message });
      if (f.status === 0) return outcome('error', 'unreachable');
      if (f.status === 429) return outcome('error', 'busy');
      return outcome('error', 'node-error', { detail: f.message });
    }
    case 'no-election':
      return outcome('info', 'no-election');
    case 'unknown':
      return outcome('error', 'unknown');
    case 'pending':
      return outcome('info', 'pending');
    case 'confirmed':
      break;
  }
  const { receipt, nodes, verdict } = check;
  const at = { block: receipt.block_index, confirmations: receipt.confirmations };
  const serving = nodes.filter((n) => n.header);
  if (verdict.ok) {
    if (serving.length >= 2) return outcome('success', 'verified', { ...at, nodes: serving.length });
    return outcome('info', 'this-node-only', { ...at, nodes: 1, node: serving[0].url });
  }
  switch (verdict.reason) {
    case 'too-few-nodes':
      return outcome('error', 'no-header', at);
    case 'nodes-disagree':
    case 'bad-header':
    case 'proof-mismatch':
    case 'code-mismatch':
    case 'block-mismatch':
      return outcome('error', verdict.reason, at);
  }
}
