import { z } from 'zod';
import { method } from '../define.js';
import { empty, id, isoInstant, language, text } from '../common.js';
import { roles } from '../roles.js';
import { permissionRoles } from '../roles.js';

export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{2,32}$/, '2 to 32 letters, digits, dots, dashes or underscores');
export const password = z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters');

const permission = z.enum(
  Object.keys(permissionRoles) as [keyof typeof permissionRoles, ...(keyof typeof permissionRoles)[]],
);

export const sessionInfo = z.object({
  person: z.object({ id, displayName: z.string(), language }),
  roles: z.array(z.enum(roles)),
  permissions: z.array(permission),
  locked: z.boolean(),
  lockAfterMinutes: z.number().int().nonnegative(),
  /** Lets a browser tab pick its login back up after a reload or a dropped socket (web host only). */
  resumeToken: z.string().optional(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'web']),
  demo: z.boolean(),
  needsSetup: z.boolean(),
  readOnly: z.boolean(),
});

export const auditRow = z.object({
  id,
  at: isoInstant,
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

export const settingsValue = z.object({
  /** Minutes of inactivity before the screen locks; 0 turns the idle lock off. */
  lockAfterMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  labName: z.string(),
  /** Minutes a login's resume token survives with no screen holding or using it (a closed tab's token dies then). */
  resumeIdleMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** Hours after the password was checked when the resume token stops working, however busy the login was. */
  resumeLifetimeHours: z
    .number()
    .int()
    .min(1)
    .max(30 * 24),
});

export const systemMethods = {
  'app.info': method({
    summary: 'Name, version, schema version, host kind, and whether first-run setup is still needed.',
    permission: 'public',
    whileLocked: true,
    input: empty,
    output: appInfo,
  }),
  'setup.createAdmin': method({
    summary: 'First run only: create the first administrator and log in as them.',
    permission: 'public',
    input: z.strictObject({ displayName: text(120), username, password, language }),
    output: sessionInfo,
  }),
  'session.login': method({
    summary: 'Log in with username and password (also switches user on a locked screen).',
    permission: 'public',
    whileLocked: true,
    input: z.strictObject({
      username: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(200),
    }),
    output: sessionInfo,
  }),
  'session.resume': method({
    summary: 'Pick up a login after a reload or reconnect, from the token login handed out.',
    permission: 'public',
    whileLocked: true,
    input: z.strictObject({ resumeToken: z.string().min(10).max(200) }),
    output: sessionInfo.nullable(),
  }),
  'session.whoami': method({
    summary: 'Who is logged in on this connection, or null.',
    permission: 'public',
    whileLocked: true,
    input: empty,
    output: sessionInfo.nullable(),
  }),
  'session.logout': method({
    summary: 'Log out of this connection.',
    permission: 'signed-in',
    whileLocked: true,
    input: empty,
    output: z.null(),
  }),
  'session.lock': method({
    summary: 'Lock the screen now (walking away from the shop PC).',
    permission: 'signed-in',
    input: empty,
    output: sessionInfo,
  }),
  'session.unlock': method({
    summary: "Unlock an idle-locked screen with the logged-in person's password.",
    permission: 'signed-in',
    whileLocked: true,
    input: z.strictObject({ password: z.string().min(1).max(200) }),
    output: sessionInfo,
  }),
  'session.touch': method({
    summary: 'The person is active: restart the idle timer.',
    permission: 'signed-in',
    input: empty,
    output: z.object({ locked: z.boolean() }),
  }),
  'session.changePassword': method({
    summary: 'Change your own password (the current one is required).',
    permission: 'signed-in',
    input: z.strictObject({ current: z.string().min(1).max(200), next: password }),
    output: z.null(),
  }),
  'session.setLanguage': method({
    summary: "Remember the logged-in person's language.",
    permission: 'signed-in',
    input: z.strictObject({ language }),
    output: z.null(),
  }),
  'settings.get': method({
    summary: 'Lab-wide settings.',
    permission: 'signed-in',
    input: empty,
    output: settingsValue,
  }),
  'settings.update': method({
    summary: 'Change lab-wide settings (idle lock, lab name, how long a resume token lasts).',
    permission: 'settings.manage',
    input: z.strictObject({
      lockAfterMinutes: settingsValue.shape.lockAfterMinutes.optional(),
      labName: text(120).optional(),
      resumeIdleMinutes: settingsValue.shape.resumeIdleMinutes.optional(),
      resumeLifetimeHours: settingsValue.shape.resumeLifetimeHours.optional(),
    }),
    output: settingsValue,
  }),
  'audit.list': method({
    summary: 'The audit trail, newest first, optionally for one entity.',
    permission: 'audit.read',
    input: z.strictObject({
      entity: z.string().max(64).optional(),
      entityId: z.string().max(64).optional(),
      beforeId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(auditRow),
  }),
};
