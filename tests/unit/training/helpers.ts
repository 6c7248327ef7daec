import { expect } from 'vitest';
import type { MethodInput } from '../../../preload/contract/index.js';
import { ADMIN_PASSWORD, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** A lab with an instructor who holds the right to grant the trainings the test defines. */
export interface TrainingLab {
  instructor: TestClient & { personId: number };
  trainee: TestClient & { personId: number };
  define(code: string, policy?: Partial<MethodInput<'training.definitions.create'>>): Promise<number>;
  /** Moves the clock (to an instant, or by ms) and unlocks the screens the idle lock closed meanwhile. */
  travel(to: number | string, ...others: TestClient[]): Promise<void>;
}

export async function trainingLab(t: TestHost): Promise<TrainingLab> {
  const instructor = await t.as('instructor');
  const trainee = await t.as('trainee');
  return {
    instructor,
    trainee,
    async travel(to, ...others) {
      if (typeof to === 'number') t.clock.advance(to);
      else t.clock.set(to);
      await t.admin.call('session.unlock', { password: ADMIN_PASSWORD });
      for (const c of [instructor, trainee, ...others])
        await c.call('session.unlock', { password: 'password-123' });
    },
    async define(code, policy = {}) {
      const d = await t.admin.ok('training.definitions.create', {
        code,
        name: `${code} training`,
        tier: 'competency',
        validity: { kind: 'never' },
        machineKinds: ['laser'],
        ...policy,
      });
      await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId: d.id });
      return d.id;
    },
  };
}

export const DAY_MS = 86_400_000;

export function rowCount(t: TestHost, table: string): number {
  return (t.host.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Typed asymmetric matchers, so object patterns stay free of `any`. */
export const containing = (text: string): string => expect.stringContaining(text) as string;
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
export const anyString = (): string => expect.any(String) as string;
export const including = (items: unknown[]): unknown[] => expect.arrayContaining(items) as unknown[];
