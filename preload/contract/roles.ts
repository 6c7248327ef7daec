/** Roles are rows: one person may hold several (a worker-owner can be instructor, member and trainee). */
export const roles = ['admin', 'staff', 'instructor', 'trainee', 'treasurer'] as const;
export type Role = (typeof roles)[number];

const lab = ['admin', 'staff', 'instructor', 'trainee'] as const satisfies readonly Role[];

/**
 * Which roles hold each permission. Every method names exactly one permission; dispatch checks it before the
 * handler runs, so a trainee cannot reach a treasury write by any path (UI, crafted message, CLI over the socket).
 * Per-object rules (trained on *this* machine, own files only) are the services' job on top of this.
 */
export const permissionRoles = {
  /** Anyone, before logging in: app info, first-run setup, login. */
  public: [],
  /** Any logged-in person. */
  'signed-in': roles,
  'people.read': ['admin', 'staff', 'instructor', 'treasurer'],
  'people.manage': ['admin'],
  'audit.read': ['admin', 'treasurer'],
  'settings.manage': ['admin'],
  'machines.read': lab,
  'machines.operate': lab,
  'machines.manage': ['admin', 'staff'],
  'files.read': lab,
  'files.write': lab,
  'jobs.request': lab,
  'jobs.manage': ['admin', 'staff'],
  'training.read': roles,
  'training.teach': ['admin', 'instructor'],
  'training.manage': ['admin', 'instructor'],
  'treasury.summary': roles,
  'treasury.read': ['admin', 'treasurer'],
  'treasury.write': ['treasurer'],
  /** The organisation's legal and tax identity and the lab's time zone (not the books themselves). */
  'organisation.manage': ['admin', 'treasurer'],
  'production.read': ['admin', 'staff', 'instructor'],
  'production.manage': ['admin', 'staff'],
  /** Usage and impact reports (funders, members): staff, instructors and the treasurer. */
  'usage.read': ['admin', 'staff', 'instructor', 'treasurer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionRoles;

export function rolesGrant(held: readonly Role[], permission: Permission): boolean {
  if (permission === 'public') return true;
  const allowed: readonly Role[] = permissionRoles[permission];
  return held.some((r) => allowed.includes(r));
}

export function permissionsOf(held: readonly Role[]): Permission[] {
  return (Object.keys(permissionRoles) as Permission[]).filter((p) => p !== 'public' && rolesGrant(held, p));
}
