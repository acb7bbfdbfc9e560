import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@sessionboard/shared';
import { JOIN_CODE_ALPHABET, ROLES } from '@sessionboard/shared';

/** A secret of 128 random bits, url-safe. */
export function newSecret(): string {
  return randomBytes(16).toString('base64url');
}

/** A board id: 128 random bits, so ids cannot be guessed either. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A six-character join code from the unambiguous alphabet, every character uniformly drawn: bytes of
 * 248 and above are rejected (`b % 31` on them would favour the first eight characters).
 */
export function newJoinCode(): string {
  const n = JOIN_CODE_ALPHABET.length;
  const unbiased = 256 - (256 % n);
  let code = '';
  while (code.length < 6) {
    for (const b of randomBytes(8)) {
      if (b < unbiased && code.length < 6) code += JOIN_CODE_ALPHABET[b % n];
    }
  }
  return code;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The role whose key equals `given`, compared in constant time. Every role's key is compared (no early
 * exit), and digests make the comparison length-independent.
 */
export function roleForKey(keys: Record<Role, string>, given: string): Role | null {
  return roleAmong(keys, ROLES, given);
}

/** {@link roleForKey} for any set of roles (a workshop's instructor, mentor and projector keys). */
export function roleAmong<R extends string>(keys: Record<R, string>, roles: readonly R[], given: string): R | null {
  const g = digest(given);
  let found: R | null = null;
  for (const role of roles) {
    if (timingSafeEqual(digest(keys[role]), g) && found === null) found = role;
  }
  return found;
}

/** Whether `given` equals `secret`, in constant time whatever their lengths. */
export function sameSecret(secret: string, given: string): boolean {
  return timingSafeEqual(digest(secret), digest(given));
}
