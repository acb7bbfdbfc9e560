import { useShallow } from 'zustand/react/shallow';
import type { CardKind, CardSnapshot, Permission, Settings, StepSettings } from '@sessionboard/shared';
import { can, compareOrder, isVotingStep, stepColumns, templateById } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';

/** The step a person is looking at (their own choice, or the group's current step). */
export function useViewedStep(): { viewed: number; current: number; step: StepSettings | null; settings: Settings | null } {
  return useBoardStore(
    useShallow((s) => {
      const current = s.session?.step ?? 0;
      const steps = s.session?.settings.steps ?? [];
      const viewed = s.viewStep !== null && s.viewStep < steps.length ? s.viewStep : current;
      return { viewed, current, step: steps[viewed] ?? null, settings: s.session?.settings ?? null };
    }),
  );
}

/** Columns of the viewed step. */
export function useColumns(): readonly CardKind[] {
  const { viewed, settings } = useViewedStep();
  const template = useBoardStore((s) => s.board?.meta.template);
  if (!settings) return [];
  return stepColumns(settings, viewed, templateById(template));
}

/** Columns of the step before the viewed one: shown again as context, they come after the step's own on phones. */
export function useContextColumns(): ReadonlySet<CardKind> {
  const { viewed, settings } = useViewedStep();
  const template = useBoardStore((s) => s.board?.meta.template);
  if (!settings || viewed === 0) return new Set();
  return new Set(stepColumns(settings, viewed - 1, templateById(template)));
}

/**
 * Cards of one kind, by order; ranked by votes once the result is in (revealed, or the group is past
 * its voting step). While a vote is open the order stays still, so a card does not jump from under
 * someone's finger because another person voted for it.
 */
export function useColumnCards(kind: CardKind): CardSnapshot[] {
  return useBoardStore(
    useShallow((s) => {
      const cards = (s.board?.cards ?? []).filter((c) => c.kind === kind);
      const session = s.session;
      const votes = session?.votes;
      const resultIn = session ? session.votesRevealed || !isVotingStep(session.settings, session.step) : false;
      const voted = session?.settings.votableKinds.includes(kind) && votes && resultIn;
      return cards.sort((a, b) => {
        if (voted) {
          const diff = (votes[b.id] ?? 0) - (votes[a.id] ?? 0);
          if (diff !== 0) return diff;
        }
        return compareOrder(a, b);
      });
    }),
  );
}

/** Cards of kinds this board does not know (written by another tool). */
export function useUnknownCards(): CardSnapshot[] {
  return useBoardStore(useShallow((s) => (s.board?.cards ?? []).filter((c) => c.kind === 'unknown').sort(compareOrder)));
}

/** A card by id (for links). */
export function useCard(id: string): CardSnapshot | undefined {
  return useBoardStore((s) => s.board?.cards.find((c) => c.id === id));
}

/** Whether this person may run the timer / facilitate. */
export function usePowers(): { timer: boolean; facilitate: boolean; vote: boolean; edit: boolean } {
  const role = useBoardStore((s) => s.role);
  // The server's own permission table (shared/src/roles.ts), so the page never offers what it refuses.
  const may = (p: Permission) => role !== null && can(role, p);
  return { timer: may('timer'), facilitate: may('settings'), vote: may('vote'), edit: may('edit') };
}

/** Whether a goal is clear and specific: it says how we will know, who, and by when. */
export function goalGaps(goal: CardSnapshot): string[] {
  const gaps: string[] = [];
  if (!goal.text.trim()) gaps.push('what');
  if (!goal.measure.trim()) gaps.push('how you will know');
  if (!goal.owner.trim()) gaps.push('who');
  if (!goal.due.trim()) gaps.push('by when');
  return gaps;
}
