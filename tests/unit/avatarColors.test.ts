import { describe, expect, it } from 'vitest';
import { colorFor } from '../../client/src/sync/colors.ts';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('avatar colours', () => {
  // Public ids as the server makes them: 22 characters of base64url.
  const ids = Array.from({ length: 8 }, (_, i) => Buffer.from(`participant ${i} of a group`).toString('base64url').slice(0, 22));

  it('stay the same for one person and take white initials (contrast ≥ 4.5:1)', () => {
    for (const id of ids) {
      expect(colorFor(id)).toBe(colorFor(id));
      expect(colorFor(id)).toMatch(/^#[0-9a-f]{6}$/);
      expect(1.05 / (luminance(colorFor(id)) + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('rarely repeat within a group of eight (ten fixed colours repeated almost always)', () => {
    expect(new Set(ids.map(colorFor)).size).toBe(ids.length);
  });
});
