import type { Role } from '../../preload/contract/index.js';
import { insertPerson } from '../people/people-service.js';
import { hashPasswordSync, type ScryptParams } from '../people/password.js';
import type { DemoSeeder, HostContext } from '../kernel/context.js';

/** Every demo account shares this password; `cp-desk serve --demo` prints it. Never use --demo for real records. */
export const DEMO_PASSWORD = 'demo-pass-2026';

export const demoPeople: readonly {
  username: string;
  displayName: string;
  roles: Role[];
  language: 'en' | 'es';
}[] = [
  { username: 'admin', displayName: 'Amara Jones', roles: ['admin'], language: 'en' },
  { username: 'staff', displayName: 'Marisol Vega', roles: ['staff'], language: 'es' },
  { username: 'instructor', displayName: 'Darnell Price', roles: ['instructor', 'staff'], language: 'en' },
  { username: 'trainee', displayName: 'Keisha Brown', roles: ['trainee'], language: 'en' },
  { username: 'trainee2', displayName: 'Luis Hernández', roles: ['trainee'], language: 'es' },
  { username: 'trainee3', displayName: 'Tomás Ortega', roles: ['trainee'], language: 'es' },
  { username: 'treasurer', displayName: 'Renée Dubois', roles: ['treasurer'], language: 'en' },
];

/** `params`: the host's password cost, so demo logins are checked as real ones are. */
export function seedDemo(ctx: HostContext, params: ScryptParams, seeders: readonly DemoSeeder[]): boolean {
  const { store } = ctx;
  const existing = (store.db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
  if (existing > 0) return false;
  const hash = hashPasswordSync(DEMO_PASSWORD, params);
  const people = new Map<string, number>();
  store.write({ actor: null, reason: 'demo data' }, (tx) => {
    for (const p of demoPeople) {
      const person = insertPerson(tx, {
        displayName: p.displayName,
        language: p.language,
        roles: p.roles,
        login: { username: p.username, passwordHash: hash },
      });
      people.set(p.username, person.id);
    }
  });
  for (const seeder of seeders) seeder(ctx, people);
  return true;
}
