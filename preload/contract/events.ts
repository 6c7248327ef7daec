import { z } from 'zod';
import { event } from './define.js';
import { sessionInfo } from './methods/system.js';
import { consoleLine, machineSnapshot } from './methods/machines.js';
import { jobNotice } from './methods/jobs.js';
import { labNotice } from './methods/lab.js';

/**
 * Pushed events. They are snapshots and invalidations, never one message per G-code line:
 * `changed` tells query caches to refetch; machine telemetry (later) arrives at ≤ 20 Hz per machine.
 */
export const events = {
  changed: event({
    summary: 'Something in an area changed: refetch what shows it.',
    permission: 'signed-in',
    payload: z.object({ entity: z.string(), id: z.string().optional() }),
  }),
  'session.changed': event({
    summary: 'This connection was locked, unlocked or logged out (sent to that connection only).',
    permission: 'public',
    payload: sessionInfo.nullable(),
  }),
  'machines.state': event({
    summary: "A machine's live state (position, temperatures, job progress), at most 20 times a second.",
    permission: 'machines.read',
    payload: machineSnapshot,
  }),
  'machines.console': event({
    summary: 'Console lines of one machine, in batches (never one event per G-code line).',
    permission: 'machines.read',
    payload: z.object({ machineId: z.number().int(), lines: z.array(consoleLine) }),
  }),
  'jobs.notice': event({
    summary: 'A copy of a job finished or failed on its machine: for a notification.',
    permission: 'jobs.request',
    payload: jobNotice,
  }),
  'lab.notice': event({
    summary: 'A session nobody stopped closed itself at its limit: for a notice on the Machines board.',
    permission: 'machines.read',
    payload: labNotice,
  }),
};

export type Events = typeof events;
export type EventTopic = keyof Events;
export type EventPayload<T extends EventTopic> = z.output<Events[T]['payload']>;
