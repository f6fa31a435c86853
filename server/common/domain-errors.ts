/**
 * Errors the domain raises on purpose. Each carries the HTTP status and a short machine-readable code;
 * DomainErrorFilter turns them into `{ statusCode, error, message }`.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class BadInputError extends DomainError {
  constructor(message: string) {
    super(400, 'bad-request', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(404, 'not-found', message);
  }
}

export class DuplicateVoteError extends DomainError {
  constructor(voterId: string) {
    super(409, 'duplicate-voter', `voter ${voterId} has already voted`);
  }
}

/** A ballot that breaks an election rule (unknown party, not on the roll). */
export class BallotRejectedError extends DomainError {
  constructor(reason: string, message: string) {
    super(422, reason, message);
  }
}

/** A block that breaks a consensus rule; `reason` is the protocol's BlockRejection. */
export class InvalidBlockError extends DomainError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(422, reason, message);
  }
}

export class UnknownParentError extends DomainError {
  constructor(hash: string) {
    super(422, 'unknown-parent', `the parent block ${hash} is not known to this node`);
  }
}

export class MiningInProgressError extends DomainError {
  constructor() {
    super(409, 'mining-in-progress', 'this node is already mining a block');
  }
}

export class PeerRefusedError extends DomainError {
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}

export class PeerUnreachableError extends DomainError {
  constructor(address: string, why: string) {
    super(502, 'peer-unreachable', `could not reach ${address}: ${why}`);
  }
}

export class PeerTimeoutError extends DomainError {
  /** `answerStarted`: the peer began its answer and then dripped it too slowly to finish in time. */
  constructor(
    address: string,
    readonly answerStarted = false,
  ) {
    super(504, 'peer-timeout', `${address} did not ${answerStarted ? 'finish its answer' : 'answer'} in time`);
  }
}

export class PeerAnswerTooLargeError extends DomainError {
  constructor(address: string, limit: number) {
    super(502, 'peer-answer-too-large', `${address} answered with more than ${limit} bytes`);
  }
}

/** A transaction that cannot enter the pool now because of the election's phase. */
export class ElectionPhaseError extends DomainError {
  constructor(code: 'election-not-open' | 'election-closed' | 'lifecycle-out-of-order', message: string) {
    super(409, code, message);
  }
}

/** A sealed election's step that cannot come yet (or again): the ceremony or the decryption is elsewhere. */
export class SealedOrderError extends DomainError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class AlreadyUsedError extends DomainError {
  constructor(message: string) {
    super(409, 'already-used', message);
  }
}

export class NotAuthorityError extends DomainError {
  constructor() {
    super(409, 'not-authority', 'this node does not hold the election authority’s keys');
  }
}
