import { events, rolesGrant, type EventPayload, type EventTopic } from '../../preload/contract/index.js';
import type { Connection } from './connection.js';

type Listener<T extends EventTopic> = (payload: EventPayload<T>) => void;

/**
 * Fans events out to connections whose roles may see them (never to a locked screen), and to listeners
 * inside main. Payloads are snapshots or invalidations; callers keep rates low (≤ 20 Hz per machine).
 */
export class EventBus {
  private readonly connections = new Set<Connection>();
  private readonly listeners = new Map<EventTopic, Set<(payload: unknown) => void>>();

  attach(conn: Connection): void {
    this.connections.add(conn);
  }

  detach(conn: Connection): void {
    this.connections.delete(conn);
  }

  all(): Iterable<Connection> {
    return this.connections;
  }

  on<T extends EventTopic>(topic: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  publish<T extends EventTopic>(topic: T, payload: EventPayload<T>): void {
    const permission = events[topic].permission;
    for (const conn of this.connections) {
      const auth = conn.auth;
      if (auth === null || auth.locked || !rolesGrant(auth.roles, permission)) continue;
      conn.push(topic, payload);
    }
    for (const listener of this.listeners.get(topic) ?? []) listener(payload);
  }
}
