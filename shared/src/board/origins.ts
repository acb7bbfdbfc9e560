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
} as const;

/** One of {@link ORIGINS}. */
export type Origin = (typeof ORIGINS)[keyof typeof ORIGINS];
