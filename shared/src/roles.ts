/** The four roles a board's secret links grant, and what each may do. */
export const ROLES = ['facilitator', 'mentor', 'member', 'projector'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Actions the server checks before it changes anything. */
export type Permission =
  | 'edit' // write cards (Yjs updates)
  | 'timer' // start, pause, resume, extend, reset the timer; go to a step
  | 'settings' // change steps, timeboxes, vote rules
  | 'reveal' // reveal or hide vote totals
  | 'lock' // lock or unlock the board against new joiners
  | 'vote' // spend dots
  | 'help'; // raise or lower the group's hand (call a mentor)

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  facilitator: ['edit', 'timer', 'settings', 'reveal', 'lock', 'vote', 'help'],
  mentor: ['edit', 'timer'],
  member: ['edit', 'vote', 'help'],
  projector: [],
};

/** Whether `role` may perform `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

/** Human names for the roles, used in links and on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  mentor: 'Mentor',
  member: 'Team member',
  projector: 'Projector',
};
