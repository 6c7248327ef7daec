import { z } from 'zod';
import { method } from '../define.js';
import { businessDate, empty, id, isoInstant, optionalText, text } from '../common.js';

/** The course track in the Fab Academy shape: weekly modules, submissions, local then global review, final project. */

export const moduleStatus = z.enum([
  'not_submitted',
  'submitted',
  'needs_work',
  'locally_accepted',
  'accepted',
]);
export type ModuleStatus = z.infer<typeof moduleStatus>;

export const assignment = z.strictObject({ kind: z.enum(['individual', 'group']), text: text(500) });

export const courseModule = z.object({
  id,
  position: z.number().int(),
  title: z.string(),
  weekOf: businessDate,
  outcomes: z.array(z.string()),
  assignments: z.array(z.object({ kind: z.enum(['individual', 'group']), text: z.string() })),
  proposesDefinitionId: id.nullable(),
});

export const course = z.object({
  id,
  code: z.string(),
  title: z.string(),
  cycleYear: z.number().int(),
  instructors: z.array(z.object({ id, displayName: z.string() })),
  modules: z.array(courseModule),
  enrolled: z.number().int(),
});
export type Course = z.infer<typeof course>;

export const progress = z.object({
  courseId: id,
  courseTitle: z.string(),
  cycleYear: z.number().int(),
  personId: id,
  displayName: z.string(),
  accepted: z.number().int(),
  total: z.number().int(),
  finalProject: moduleStatus,
  diplomaReady: z.boolean(),
  modules: z.array(
    z.object({ moduleId: id, position: z.number().int(), title: z.string(), status: moduleStatus }),
  ),
});
export type CourseProgress = z.infer<typeof progress>;

export const submission = z.object({
  id,
  courseId: id,
  courseTitle: z.string(),
  personId: id,
  displayName: z.string(),
  /** null: the final project. */
  moduleId: id.nullable(),
  moduleTitle: z.string().nullable(),
  url: z.string(),
  notes: z.string().nullable(),
  submittedAt: isoInstant,
  status: z.enum(['submitted', 'needs_work', 'locally_accepted', 'accepted']),
});
export type Submission = z.infer<typeof submission>;

export const courseMethods = {
  'training.courses.list': method({
    summary: 'Courses (Fab Academy cycles) with their modules and local instructors.',
    permission: 'training.read',
    input: empty,
    output: z.array(course),
  }),
  'training.courses.create': method({
    summary: 'Open a course for a cycle year with its local instructors.',
    permission: 'training.manage',
    input: z.strictObject({
      code: text(40),
      title: text(200),
      cycleYear: z.number().int().min(2000).max(2100),
      instructorIds: z.array(id).max(20).default([]),
    }),
    output: course,
  }),
  'training.courses.addModule': method({
    summary:
      'Add a weekly module with outcomes and assignments; it may propose an authorization pending sign-off.',
    permission: 'training.manage',
    input: z.strictObject({
      courseId: id,
      title: text(200),
      weekOf: businessDate,
      outcomes: z.array(text(500)).max(30).default([]),
      assignments: z.array(assignment).max(20).default([]),
      proposesDefinitionId: id.optional(),
    }),
    output: course,
  }),
  'training.courses.enroll': method({
    summary: 'Enroll a person in a course.',
    permission: 'training.teach',
    input: z.strictObject({ courseId: id, personId: id }),
    output: progress,
  }),
  'training.courses.submit': method({
    summary: 'Hand in a module assignment (or the final project, with no module) by documentation link.',
    permission: 'training.read',
    input: z.strictObject({
      courseId: id,
      moduleId: id.nullable(),
      url: z.url({ protocol: /^https?$/ }),
      notes: optionalText(2000),
      personId: id.optional(),
    }),
    output: submission,
  }),
  'training.courses.review': method({
    summary: 'Review a submission: the local instructor first, then the global evaluator.',
    permission: 'training.teach',
    input: z.strictObject({
      submissionId: id,
      stage: z.enum(['local', 'global']),
      decision: z.enum(['accept', 'needs_work']),
      comment: optionalText(2000),
      evaluatorName: optionalText(120),
    }),
    output: submission,
  }),
  'training.courses.progress': method({
    summary: 'Progress in a course: "N of M modules accepted", the final project, diploma readiness.',
    permission: 'training.read',
    input: z.strictObject({ courseId: id, personId: id.optional() }),
    output: progress,
  }),
  'training.courses.roster': method({
    summary: "Every enrolled person's progress in a course.",
    permission: 'training.teach',
    input: z.strictObject({ courseId: id }),
    output: z.array(progress),
  }),
};
