import { ApiError } from '../../api/requestJson.ts';

/** What a join page says when the server refuses, in the words a person in the room can act on. */
export function joinErrorMessage(err: unknown, code: string): string {
  if (!(err instanceof ApiError)) return 'That did not work. Try again.';
  switch (err.code) {
    case 'board_not_found':
    case 'workshop_not_found':
    case 'not_found':
      return `Nothing has the code ${code}. Check it on the projector: six letters and digits.`;
    case 'forbidden':
      return `The code ${code} does not open this workshop any more. Check it on the projector.`;
    case 'rate_limited':
      // The seconds to wait are counted down next to the button (see useCountdown).
      return 'Too many tries just now.';
    case 'locked':
      return 'This group is locked against newcomers. Ask the instructor to let you in.';
    default:
      return err.message;
  }
}

/** Seconds the server asked us to wait before the next try, or 0. */
export function retryAfter(err: unknown): number {
  return err instanceof ApiError && err.code === 'rate_limited' ? (err.retryAfterSeconds ?? 5) : 0;
}
