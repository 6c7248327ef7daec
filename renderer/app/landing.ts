import type { Role } from '../../preload/contract/index.js';

/**
 * Where a person starts after logging in: the screen of their daily work, among the areas their roles open.
 * An administrator whose lab is not set up yet starts on the set-up checklist; an instructor on the instructor desk
 * (the training area's `desk` view); staff on the machines; a treasurer on the treasury; a trainee on their training.
 * Order matters for people with several roles: the first rule that fits wins.
 */
export function landingFor(roles: readonly Role[], visible: readonly string[], labSetUp: boolean): string {
  const has = (role: Role) => roles.includes(role);
  const open = (area: string) => visible.includes(area.split('/')[0] ?? area);
  const rules: [boolean, string][] = [
    [has('admin') && !labSetUp, 'start'],
    [has('instructor'), 'training/desk'],
    [has('admin') || has('staff'), 'machines'],
    [has('treasurer'), 'treasury'],
    [has('trainee'), 'training'],
  ];
  for (const [fits, area] of rules) if (fits && open(area)) return area;
  return visible[0] ?? '';
}
