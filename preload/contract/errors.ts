import { z } from 'zod';

/**
 * Every failure that crosses the boundary carries one of these codes. The renderer turns the code into a sentence
 * in the user's language; `message` is the English sentence for logs, the CLI and details.
 */
export const errorCodes = [
  'INVALID_INPUT', // the payload failed its schema, or a value makes no sense (wrong amount, bad date)
  'UNKNOWN_METHOD', // no such method in the contract
  'NOT_AUTHENTICATED', // nobody is logged in on this connection
  'NOT_AUTHORIZED', // logged in, but no role grants the permission
  'SESSION_LOCKED', // idle lock: unlock with the password first
  'BAD_CREDENTIALS', // wrong username or password
  'ACCOUNT_LOCKED', // too many failed attempts; wait
  'SETUP_REQUIRED', // first run: create the admin first
  'NOT_FOUND',
  'CONFLICT', // duplicate or stale: a name taken, a state changed under you
  'RULE_VIOLATION', // a domain rule refuses it (last admin, closed period, not trained...)
  'DEVICE_ERROR', // a machine or port failed
  'STORE_TOO_NEW', // the database comes from a newer app
  'STORE_CORRUPT', // integrity check failed
  'INTERNAL', // a bug: logged in main, apologised for in the UI
  'DISCONNECTED', // the renderer lost its connection to main before the answer came (made by the web bridge)
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const issueSchema = z.object({ path: z.string(), message: z.string() });

export const deskErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  issues: z.array(issueSchema).optional(),
});

export type DeskErrorPayload = z.infer<typeof deskErrorSchema>;

/**
 * A call's answer. `at` is the host's clock when it answered (an ISO instant): screens count days and pick "today"
 * from it, never from the computer's own clock, so one clock (the one a test controls) rules main and screens alike.
 */
export type Result<T> = { ok: true; value: T; at?: string } | { ok: false; error: DeskErrorPayload };
