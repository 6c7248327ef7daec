import type { peopleMethods } from '../../preload/contract/methods/people.js';
import type { HandlersFor } from '../kernel/handler-types.js';
import { requireActor } from '../kernel/handler-types.js';
import type { HostContext } from '../kernel/context.js';
import {
  createPerson,
  getPerson,
  listPeople,
  roleCounts,
  setActive,
  setLogin,
  setRoles,
  updatePerson,
} from './people-service.js';
import type { Sessions } from './sessions.js';

/** `sessions`: the host's one login table, for the password hashing its accounts use. */
export function peopleHandlers(
  { store, events }: HostContext,
  sessions: Sessions,
): HandlersFor<typeof peopleMethods> {
  const changed = (id: number) => events.publish('changed', { entity: 'person', id: String(id) });
  return {
    'people.list': ({ includeInactive }) => listPeople(store, includeInactive),
    'people.get': ({ id }) => getPerson(store, id),
    'people.create': async (input, ctx) => {
      const person = await createPerson(store, sessions.passwords, requireActor(ctx), input);
      changed(person.id);
      return person;
    },
    'people.update': (input, ctx) => {
      const person = updatePerson(store, requireActor(ctx), input);
      changed(person.id);
      return person;
    },
    'people.setRoles': ({ id, roles, reason }, ctx) => {
      const person = setRoles(store, requireActor(ctx), id, roles, reason);
      changed(id);
      return person;
    },
    'people.setLogin': async ({ id, username, password }, ctx) => {
      const person = await setLogin(store, sessions.passwords, requireActor(ctx), id, username, password);
      changed(id);
      return person;
    },
    'people.setActive': ({ id, active, reason }, ctx) => {
      const person = setActive(store, requireActor(ctx), id, active, reason);
      changed(id);
      return person;
    },
    'people.roleCounts': () => roleCounts(store),
  };
}
