import { base64urlToBytes, definitionProblems, type ElectionDefinition } from '../../protocol';
import { nobleGroup } from '../../sealed-crypto/noble-group';

/**
 * Trustees whose share key is no ristretto255 element could never be sent their shares: the ceremony would
 * stop at the first dealer. Said at start, while the election can still be defined again. (The group is
 * noble's here: it needs no asynchronous start, and the encodings are the same as libsodium's.)
 */
export function trusteeKeyProblems(definition: ElectionDefinition): string[] {
  const group = nobleGroup();
  return (definition.trustees ?? []).flatMap((t, i) => {
    const key = base64urlToBytes(t.share_key);
    return key && group.isElement(key) ? [] : [`trustee ${i + 1} (${t.name}): share_key is not a ristretto255 group element`];
  });
}

/** Every problem with a definition given to a node: the protocol's rules first, then its trustees' share keys. */
export function electionDefinitionProblems(value: unknown): string[] {
  const problems = definitionProblems(value);
  return problems.length > 0 ? problems : trusteeKeyProblems(value as ElectionDefinition);
}
