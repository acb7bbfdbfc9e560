/**
 * A colour that stays the same for a participant on every screen. A hue of its own from the id (ten
 * fixed colours repeated within any group of five or so), dark enough for white initials (≥ 4.5:1).
 */
export function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const hue = (h % 360) / 360;
  // As light as white initials allow for this hue: yellows and greens must be darker than blues.
  let lightness = 0.42;
  while (lightness > 0.2 && contrastWithWhite(hslToHex(hue, 0.7, lightness)) < 4.6) lightness -= 0.02;
  return hslToHex(hue, 0.7, lightness);
}

/** WCAG contrast of white text on `hex`. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

/** HSL (each 0–1) as #rrggbb, the form presence carries. */
function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h * 12) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
