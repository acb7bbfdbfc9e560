import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { bindTextarea } from '../sync/bindTextarea.ts';

/**
 * A ref for an uncontrolled textarea or input that edits card `cardId`'s text live with everyone
 * else (see `bindTextarea`). Binds on mount and whenever the card changes; `enabled: false` leaves it
 * unbound (read-only roles render no editor).
 */
export function useCardTextBinding<T extends HTMLTextAreaElement | HTMLInputElement>(cardId: string, enabled = true): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    return bindTextarea(el, cardId);
  }, [cardId, enabled]);
  return ref;
}
