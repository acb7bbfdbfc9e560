// Each write inserts a marker naming its writer and sequence number. Yjs encodes inserted text as
// contiguous UTF-8, so a receiver finds the marker in a frame's bytes without decoding anything.

const OPEN = Buffer.from('\u0001#');
const CLOSE = 0x23; // '#'
const SEP = 0x2e; // '.'

/** The text a writer inserts for its write number `seq`. */
export function marker(writer: number, seq: number): string {
  return `\u0001#${writer}.${seq}#`;
}

function digitsAt(buf: Uint8Array, from: number, stop: number): { value: number; end: number } | null {
  let value = 0;
  let i = from;
  while (i < buf.length && buf[i] !== stop) {
    const c = buf[i] as number;
    if (c < 0x30 || c > 0x39 || i - from > 9) return null;
    value = value * 10 + (c - 0x30);
    i++;
  }
  return i > from && i < buf.length ? { value, end: i } : null;
}

/** Calls `found(writer, seq)` for each marker in `buf`. */
export function findMarkers(buf: Buffer, found: (writer: number, seq: number) => void): void {
  let at = buf.indexOf(OPEN);
  while (at !== -1) {
    const w = digitsAt(buf, at + 2, SEP);
    const s = w && digitsAt(buf, w.end + 1, CLOSE);
    if (w && s) found(w.value, s.value);
    at = buf.indexOf(OPEN, (s?.end ?? at) + 1);
  }
}
