import type { CardSnapshot } from '@sessionboard/shared';
import { isVotingStep } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { sendCommand } from '../store/actions.ts';
import { usePowers } from '../hooks/useBoardView.ts';

/** My dots on a card, the total when visible, and +/- for people who vote. */
export function VoteButtons({ card, total }: { card: CardSnapshot; total: number | undefined }) {
  const mine = useBoardStore((s) => s.mine[card.id] ?? 0);
  const hidden = useBoardStore((s) => s.session?.votes === null);
  const { vote: mayVote } = usePowers();
  // Dots are spent only at the group's voting step (V6: after it the result stands).
  const votingNow = useBoardStore((s) => (s.session ? isVotingStep(s.session.settings, s.session.step) && (s.viewStep === null || s.viewStep === s.session.step) : false));
  const vote = mayVote && votingNow;
  const short = card.text.slice(0, 40) || 'this card';
  return (
    <span className="votes" data-testid="votes">
      {!hidden && (
        <span className="vote-total" data-testid="vote-total" aria-label={`${total ?? 0} dots in total`}>
          ● {total ?? 0}
        </span>
      )}
      {vote && (
        <>
          <button type="button" className="small" disabled={mine === 0} onClick={() => void sendCommand({ type: 'vote.remove', card: card.id })} aria-label={`Take a dot back from “${short}”`}>
            −
          </button>
          {/* A plain span may not carry aria-label: the short visible form is hidden from readers, the long one read. */}
          <span className="my-dots" data-testid="my-dots" aria-hidden="true">
            {mine > 0 ? `you ${mine}` : ''}
          </span>
          <span className="sr-only">{`${mine} of your dots`}</span>
          <button type="button" className="small" onClick={() => void sendCommand({ type: 'vote.add', card: card.id })} aria-label={`Add a dot to “${short}”`}>
            +
          </button>
        </>
      )}
    </span>
  );
}
