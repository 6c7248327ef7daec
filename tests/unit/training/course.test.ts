import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, anyString, trainingLab, type TrainingLab } from './helpers.js';

describe('course track in the Fab Academy shape', () => {
  let t: TestHost;
  let lab: TrainingLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('a module counts only after the local instructor and then the global evaluator accept it; the diploma needs all plus the final project', async () => {
    const laser = await lab.define('LASER-1', { needsPractical: true });
    let course = await t.admin.ok('training.courses.create', {
      code: 'FA2026',
      title: 'Fab Academy 2026',
      cycleYear: 2026,
      instructorIds: [lab.instructor.personId],
    });
    course = await t.admin.ok('training.courses.addModule', {
      courseId: course.id,
      title: 'Principles and practices',
      weekOf: '2026-01-21',
      outcomes: ['Plan a final project'],
      assignments: [{ kind: 'individual', text: 'Sketch your final project' }],
    });
    course = await t.admin.ok('training.courses.addModule', {
      courseId: course.id,
      title: 'Computer-controlled cutting',
      weekOf: '2026-02-04',
      assignments: [{ kind: 'group', text: "Characterise the laser cutter's kerf" }],
      proposesDefinitionId: laser,
    });
    const [m1, m2] = course.modules;
    await lab.instructor.ok('training.courses.enroll', {
      courseId: course.id,
      personId: lab.trainee.personId,
    });

    const s1 = await lab.trainee.ok('training.courses.submit', {
      courseId: course.id,
      moduleId: m1!.id,
      url: 'https://example.org/w1',
    });
    const early = await lab.instructor.call('training.courses.review', {
      submissionId: s1.id,
      stage: 'global',
      decision: 'accept',
      evaluatorName: 'N. Gershenfeld',
    });
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('local instructor') },
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: s1.id,
      stage: 'local',
      decision: 'accept',
    });
    let progress = await lab.trainee.ok('training.courses.progress', { courseId: course.id });
    expect(progress).toMatchObject({ accepted: 0, total: 2 });
    await lab.instructor.ok('training.courses.review', {
      submissionId: s1.id,
      stage: 'global',
      decision: 'accept',
      evaluatorName: 'Global evaluator',
    });
    progress = await lab.trainee.ok('training.courses.progress', { courseId: course.id });
    expect(progress).toMatchObject({ accepted: 1, total: 2, diplomaReady: false });

    const s2 = await lab.trainee.ok('training.courses.submit', {
      courseId: course.id,
      moduleId: m2!.id,
      url: 'https://example.org/w2',
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: s2.id,
      stage: 'local',
      decision: 'needs_work',
      comment: 'Add the kerf table',
    });
    const s2b = await lab.trainee.ok('training.courses.submit', {
      courseId: course.id,
      moduleId: m2!.id,
      url: 'https://example.org/w2b',
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: s2b.id,
      stage: 'local',
      decision: 'accept',
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: s2b.id,
      stage: 'global',
      decision: 'accept',
      evaluatorName: 'Global evaluator',
    });

    // The laser module proposes an authorization: it waits for a practical sign-off on the instructor's desk.
    let desk = await lab.instructor.ok('training.instructorDesk', {});
    expect(desk.pendingSignOffs).toEqual([
      {
        personId: lab.trainee.personId,
        displayName: anyString(),
        definitionId: laser,
        definitionName: 'LASER-1 training',
        moduleTitle: 'Computer-controlled cutting',
      },
    ]);
    await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: laser,
    });
    desk = await lab.instructor.ok('training.instructorDesk', {});
    expect(desk.pendingSignOffs).toEqual([]);

    progress = await lab.trainee.ok('training.courses.progress', { courseId: course.id });
    expect(progress).toMatchObject({
      accepted: 2,
      total: 2,
      finalProject: 'not_submitted',
      diplomaReady: false,
    });
    const fp = await lab.trainee.ok('training.courses.submit', {
      courseId: course.id,
      moduleId: null,
      url: 'https://example.org/final',
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: fp.id,
      stage: 'local',
      decision: 'accept',
    });
    await lab.instructor.ok('training.courses.review', {
      submissionId: fp.id,
      stage: 'global',
      decision: 'accept',
      evaluatorName: 'Global evaluator',
    });
    progress = await lab.trainee.ok('training.courses.progress', { courseId: course.id });
    expect(progress).toMatchObject({ accepted: 2, total: 2, finalProject: 'accepted', diplomaReady: true });
  });

  it('nobody reviews their own work, and only enrolled people hand in', async () => {
    const course = await t.admin.ok('training.courses.create', {
      code: 'FA',
      title: 'FA',
      cycleYear: 2026,
      instructorIds: [lab.instructor.personId],
    });
    const withModule = await t.admin.ok('training.courses.addModule', {
      courseId: course.id,
      title: 'W1',
      weekOf: '2026-01-21',
    });
    const moduleId = withModule.modules[0]!.id;
    const outsider = await lab.trainee.call('training.courses.submit', {
      courseId: course.id,
      moduleId,
      url: 'https://example.org/x',
    });
    expect(outsider).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    await t.admin.ok('training.courses.enroll', { courseId: course.id, personId: lab.instructor.personId });
    const own = await lab.instructor.ok('training.courses.submit', {
      courseId: course.id,
      moduleId,
      url: 'https://example.org/mine',
    });
    const review = await lab.instructor.call('training.courses.review', {
      submissionId: own.id,
      stage: 'local',
      decision: 'accept',
    });
    expect(review).toMatchObject({ ok: false, error: { message: 'Nobody reviews their own work.' } });
  });
});
