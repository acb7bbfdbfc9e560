/**
 * Stable error codes. They travel as `connect_error` messages, in `{ ok: false, error }`
 * acknowledgements and in `error` events; outside clients match on them, so they never change.
 */
export const ERROR_CODES = {
  boardNotFound: 'board_not_found',
  forbidden: 'forbidden',
  locked: 'locked',
  rateLimited: 'rate_limited',
  invalid: 'invalid',
  unknownEvent: 'unknown_event',
  tooLarge: 'too_large',
  boardFull: 'board_full',
  budgetExhausted: 'budget_exhausted',
  cardCap: 'card_cap',
  notVotable: 'not_votable',
  cardNotFound: 'card_not_found',
  internal: 'internal',
  /** An HTTP route or file that does not exist (it was on the wire before it was listed here). */
  notFound: 'not_found',
  /** A workshop id no workshop has (HTTP 404, workshop `connect_error`). */
  workshopNotFound: 'workshop_not_found',
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Every refusal carries a code for machines and a sentence for people. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

/** Builds a {@link ProtocolError}. */
export function protocolError(code: ErrorCode, message: string): ProtocolError {
  return { code, message };
}

/** Thrown by pure session rules; transports turn it into an acknowledgement or an `error` event. */
export class RuleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuleError';
  }

  toProtocol(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}
