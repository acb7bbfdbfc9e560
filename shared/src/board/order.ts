/**
 * Fractional-index order keys: strings that sort between any two others, so a card moves by changing
 * one field and concurrent moves never renumber anything. Keys use base-62 digits and never end in
 * the zero digit, so there is always room between two keys. Equal keys (two people dropping at the
 * same spot at once) are ordered by card id.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
const ZERO = DIGITS[0] as string;

function digit(ch: string | undefined): number {
  if (ch === undefined) return 0;
  const d = DIGITS.indexOf(ch);
  if (d < 0) throw new RangeError(`not an order key digit: ${ch}`);
  return d;
}

/** Whether `key` is a well-formed order key. */
export function isOrderKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= 256 && /^[0-9A-Za-z]+$/.test(key) && !key.endsWith(ZERO);
}

/** The key halfway between `a` (or the start, '') and `b` (or the end, null), where a < b. */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? ZERO) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const da = digit(a[0]);
  const db = b !== null ? digit(b[0]) : BASE;
  if (db - da > 1) return DIGITS[Math.round((da + db) / 2)] as string;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return (DIGITS[da] as string) + midpoint(a.slice(1), null);
}

/** The shortest step past `a` with nothing above it: bump the first digit that can grow. */
function after(a: string): string {
  for (let i = 0; i < a.length; i++) {
    const d = digit(a[i]);
    if (d < BASE - 1) return a.slice(0, i) + (DIGITS[d + 1] as string);
  }
  return a + (DIGITS[1] as string);
}

/** The shortest step below `b` with nothing beneath it: lower the first digit that can shrink. */
function before(b: string): string {
  for (let i = 0; i < b.length; i++) {
    const d = digit(b[i]);
    if (d > 1) return b.slice(0, i) + (DIGITS[d - 1] as string);
    // A trailing zero digit is not allowed, so step from 1 to "0z" and count down from there.
    if (d === 1) return b.slice(0, i) + ZERO + (DIGITS[BASE - 1] as string);
  }
  return midpoint('', b);
}

/**
 * A key that sorts after `lower` and before `upper` (either may be null for an open end). Open ends
 * step by one digit rather than halving, so appending a thousand cards keeps keys short.
 */
export function keyBetween(lower: string | null, upper: string | null): string {
  const a = lower !== null && isOrderKey(lower) ? lower : null;
  const b = upper !== null && isOrderKey(upper) ? upper : null;
  if (a !== null && b !== null) return a >= b ? after(a) : midpoint(a, b);
  if (a !== null) return after(a);
  if (b !== null) return before(b);
  return midpoint('', null);
}

/** Compares two cards by order key, then id, so every client sorts the same way. */
export function compareOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
