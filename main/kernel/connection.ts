import type { EventTopic, Role } from '../../preload/contract/index.js';

/**
 * A login. Several connections may share one (a browser tab that reloads picks it back up with the resume
 * token), so an idle lock survives a reload: reloading is not a way around the lock screen.
 * main/people/sessions.ts creates and ends them; the kernel only names their shape.
 */
export interface LoginSession {
  readonly token: string;
  readonly personId: number;
  roles: Role[];
  lastActivityMs: number;
  /** When the password was checked: the resume token's absolute lifetime counts from here. */
  readonly startedMs: number;
  /** When a connection last held or used this login: the resume token's idle time counts from here. */
  lastSeenMs: number;
  locked: boolean;
  /** Logged out (or replaced by another person's login on the same screen): every connection sharing it drops it. */
  ended: boolean;
}

/** One caller: an Electron window or a WebSocket. Transports create them; dispatch reads them. */
export interface Connection {
  readonly id: string;
  readonly kind: 'electron' | 'web';
  auth: LoginSession | null;
  push(topic: EventTopic, payload: unknown): void;
}
