import { constants, createPublicKey, type KeyObject, privateDecrypt, publicEncrypt } from 'node:crypto';
import { BadInputError, DomainError } from '../common/domain-errors';

/** The authority's half of RFC 9474 (RSABSSA): it signs a blinded message without learning what it signs. */
export class BlindSigner {
  private readonly publicKey: KeyObject;
  private readonly modulusBytes: number;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.modulusBytes = (this.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
  }

  /**
   * RFC 9474 BlindSign: s = m^d mod n (RSASP1, OpenSSL's raw private operation, with its own blinding),
   * then check s^e = m so that a faulty computation never leaks the key.
   */
  sign(blinded: Buffer): Buffer {
    if (blinded.length !== this.modulusBytes) throw new BadInputError(`blinded_message must be ${this.modulusBytes} bytes`);
    let signature: Buffer;
    try {
      signature = privateDecrypt({ key: this.privateKey, padding: constants.RSA_NO_PADDING }, blinded);
    } catch {
      throw new BadInputError('blinded_message is not a valid message for this key');
    }
    const check = publicEncrypt({ key: this.publicKey, padding: constants.RSA_NO_PADDING }, signature);
    if (!check.equals(blinded)) throw new DomainError(500, 'signing-fault', 'the blind signature failed its own check');
    return signature;
  }
}
