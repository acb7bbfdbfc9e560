import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code for `text`, drawn as an SVG data URL (sharp at any projector size). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    void QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#0b1220', light: '#ffffff' } }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img className="qr" src={src} alt={label} data-testid="qr" /> : <div className="qr" aria-hidden="true" />;
}
