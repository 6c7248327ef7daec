import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

describe('training demo data', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost({ demo: true });
  });
  afterEach(async () => {
    await t.close();
  });

  const login = async (username: string) => {
    const c = t.client();
    await c.ok('session.login', { username, password: 'demo-pass-2026' });
    return c;
  };

  it('seeds a Fab Academy cycle with trainees at different stages', async () => {
    const [course] = await t.admin.ok('training.courses.list', {});
    expect(course).toMatchObject({ code: 'FA2026', cycleYear: 2026, enrolled: 3 });
    expect(course!.modules).toHaveLength(8);
    const roster = await t.admin.ok('training.courses.roster', { courseId: course!.id });
    expect(roster.map((p) => [p.displayName, p.accepted, p.total])).toEqual([
      ['Keisha Brown', 5, 8],
      ['Luis Hernández', 4, 8],
      ['Tomás Ortega', 0, 8],
    ]);
  });

  it("shows the trainee's own page and the matrix with active, expiring and revoked records", async () => {
    const keisha = await login('trainee');
    const own = await keisha.ok('training.transcript', {});
    expect(own.courses[0]).toMatchObject({ accepted: 5, total: 8 });
    expect(own.authorizations.map((a) => [a.code, a.state]).sort()).toEqual([
      ['ELEC-1', 'active'],
      ['FFF-1', 'active'],
      ['LASER-1', 'active'],
      ['SAFETY-101', 'active'],
      ['SEW-1', 'active'],
    ]);
    const matrix = await t.admin.ok('training.matrix', {});
    const states = new Set(matrix.cells.map((c) => c.state));
    expect(states).toEqual(new Set(['active', 'expiring', 'revoked']));
    const desk = await (await login('instructor')).ok('training.instructorDesk', {});
    expect(desk.pendingSignOffs.map((p) => [p.displayName, p.definitionName])).toEqual([
      ['Luis Hernández', 'Laser cutter'],
    ]);
    expect(desk.pendingReviews.length).toBeGreaterThan(0);
    expect(desk.upcomingSessions.length).toBeGreaterThanOrEqual(2);
  });
});
