/** Small slips of issue 13's HTTP review: formula cells after whitespace, import ids, join-code bias. */
import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, fromJsonExport, neutraliseFormula, toJsonExport } from '@sessionboard/shared';
import { newJoinCode } from '../../server/src/security/keys.ts';
import { sampleInput } from '../fixtures/sampleBoard.ts';

describe('small slips', () => {
  it('neutralises a formula after leading whitespace, and leaves plain text alone', () => {
    for (const cell of ['  =1+1', ' +SUM(A1)', '\u00a0-2', '\n@cmd', ' \t=x', '=HYPERLINK("x")']) {
      expect(neutraliseFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['plain', '  plain', 'a=b', '']) expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('imports only card ids of 6 to 64 characters, as on the wire', () => {
    const data = JSON.parse(JSON.stringify(toJsonExport(sampleInput()))) as { cards: { id: string }[] };
    (data.cards[0] as { id: string }).id = 'left';
    expect(() => fromJsonExport(data)).toThrow(/6 to 64/);
    (data.cards[0] as { id: string }).id = 'x'.repeat(65);
    expect(() => fromJsonExport(data)).toThrow(/6 to 64/);
    (data.cards[0] as { id: string }).id = 'card-6';
    expect(() => fromJsonExport(data)).not.toThrow();
  });

  it('draws join codes without modulo bias', () => {
    const counts = new Map<string, number>([...JOIN_CODE_ALPHABET].map((c) => [c, 0]));
    for (let i = 0; i < 60_000; i++) {
      for (const ch of newJoinCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
    const values = [...counts.values()];
    // b % 31 gives the first eight characters 9/256 instead of 8/256 (12.5 % more); sampling noise here is about 1 %.
    const firstEight = values.slice(0, 8).reduce((a, b) => a + b, 0) / 8;
    const rest = values.slice(8).reduce((a, b) => a + b, 0) / (values.length - 8);
    expect(firstEight / rest).toBeLessThan(1.04);
    expect(firstEight / rest).toBeGreaterThan(0.96);
  });
});
