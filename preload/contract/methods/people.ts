import { z } from 'zod';
import { method } from '../define.js';
import { empty, id, isoInstant, language, optionalText, text } from '../common.js';
import { roles } from '../roles.js';
import { password, username } from './system.js';

const role = z.enum(roles);
const email = z.union([z.literal(''), z.email('not an email address')]).optional();

export const person = z.object({
  id,
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language,
  active: z.boolean(),
  roles: z.array(role),
  username: z.string().nullable(),
  createdAt: isoInstant,
});
export type Person = z.infer<typeof person>;

export const peopleMethods = {
  'people.list': method({
    summary: 'Everyone, with their roles and whether they can log in.',
    permission: 'people.read',
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
    output: z.array(person),
  }),
  'people.get': method({
    summary: 'One person.',
    permission: 'people.read',
    input: z.strictObject({ id }),
    output: person,
  }),
  'people.create': method({
    summary: 'Add a person, optionally with a login and roles.',
    permission: 'people.manage',
    input: z.strictObject({
      displayName: text(120),
      email,
      phone: optionalText(40),
      language: language.default('en'),
      roles: z.array(role).max(roles.length).default([]),
      login: z.strictObject({ username, password }).optional(),
    }),
    output: person,
  }),
  'people.update': method({
    summary: "Change a person's name or contact details.",
    permission: 'people.manage',
    input: z.strictObject({
      id,
      displayName: text(120).optional(),
      email,
      phone: optionalText(40),
      language: language.optional(),
    }),
    output: person,
  }),
  'people.setRoles': method({
    summary: "Replace a person's roles (the last active admin keeps theirs).",
    permission: 'people.manage',
    input: z.strictObject({ id, roles: z.array(role).max(roles.length), reason: optionalText(300) }),
    output: person,
  }),
  'people.setLogin': method({
    summary: 'Give a person a login, or reset their password.',
    permission: 'people.manage',
    input: z.strictObject({ id, username, password }),
    output: person,
  }),
  'people.setActive': method({
    summary: 'Deactivate (cannot log in, history kept) or reactivate a person.',
    permission: 'people.manage',
    input: z.strictObject({ id, active: z.boolean(), reason: text(300) }),
    output: person,
  }),
  'people.roleCounts': method({
    summary: 'How many active people hold each role.',
    permission: 'people.read',
    input: empty,
    output: z.record(role, z.number().int()),
  }),
};
