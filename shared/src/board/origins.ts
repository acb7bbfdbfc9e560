/**
 * Transaction origins, so a provider sends only local changes and never echoes a remote one back.
 */
export const ORIGINS = {
  /** A change made by the person at this device. */
  local: 'local',
  /** A change that arrived from the network. */
  remote: 'remote',
  /** A change the server made itself (board creation, migrations). */
  server: 'server',
  /**
   * A change made at this device that is not typing (a merge of two cards): sent like a local one,
   * but no card text's undo history takes it back (undoing a merge's text would lose the merged card's).
   */
  structure: 'structure',
} as const;

/** One of {@link ORIGINS}. */
export type Origin = (typeof ORIGINS)[keyof typeof ORIGINS];
