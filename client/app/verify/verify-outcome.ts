import { describeFailure } from '../api/api-result';
import { type Outcome, plural } from '../shared/outcome';
import type { ReceiptCheck } from './receipt-checker';

/** The answer to "is my ballot there?", in one plain sentence. */
export function verifyOutcome(check: ReceiptCheck): Outcome {
  switch (check.status) {
    case 'failed': {
      const f = check.failure;
      if (f.status === 400) return { kind: 'error', text: `That is not a tracking code: ${f.message}` };
      return { kind: 'error', text: `The check could not be made: ${describeFailure(f)}` };
    }
    case 'unknown':
      return {
        kind: 'error',
        text: 'No ballot with this tracking code is on the chain, nor waiting for a block, at this node.',
      };
    case 'pending':
      return { kind: 'info', text: 'Your ballot has reached this node and awaits a block. Check again in a minute or two.' };
    case 'confirmed':
      break;
  }
  const { receipt, nodes, verdict } = check;
  const block = `block #${receipt.block_index}`;
  if (verdict.ok) {
    const agreeing = nodes.filter((n) => n.header).length;
    return {
      kind: 'success',
      text:
        `Verified: your ballot is in ${block} (${plural(receipt.confirmations, 'confirmation')}), ` +
        `and ${agreeing} nodes serve that same block.`,
    };
  }
  switch (verdict.reason) {
    case 'too-few-nodes':
      return {
        kind: 'error',
        text:
          `Not verified: only one node could be asked, so no second node confirmed ${block}. ` +
          'Try again later; the nodes asked are listed below.',
      };
    case 'nodes-disagree':
      return {
        kind: 'error',
        text:
          `Not verified: the nodes disagree, they serve different blocks at height ${receipt.block_index}. ` +
          'The chain may be settling; check again after a few more blocks.',
      };
    case 'bad-header':
      return { kind: 'error', text: 'Not verified: a node served a block header that does not match its own hash or proof of work.' };
    case 'proof-mismatch':
      return { kind: 'error', text: `Not verified: the proof does not match, it does not lead from your tracking code to ${block}.` };
    case 'code-mismatch':
      return { kind: 'error', text: 'Not verified: the ballot this node returned does not match your tracking code.' };
    case 'block-mismatch':
      return {
        kind: 'error',
        text: `Not verified: this node's receipt names another block than the nodes serve at height ${receipt.block_index}.`,
      };
  }
}
