import { type SealedGroup } from '../../../protocol';
import { libsodiumGroup } from '../../../sealed-crypto/libsodium-group';
import { nobleGroup } from '../../../sealed-crypto/noble-group';

/** Both implementations of the group, for tests that must hold for each and across the two. */
export async function bothGroups(): Promise<{ sodium: SealedGroup; noble: SealedGroup }> {
  return { sodium: await libsodiumGroup(), noble: nobleGroup() };
}
