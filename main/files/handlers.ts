import type { filesMethods } from '../../preload/contract/methods/files.js';
import type { HostContext } from '../kernel/context.js';
import type { CallContext, HandlersFor } from '../kernel/handler-types.js';
import { requireActor } from '../kernel/handler-types.js';
import { FileLibrary, type Viewer } from './library.js';
import { ParsePool } from './worker-pool.js';
import { uploadsOf } from './uploads.js';

/** The library's handlers, its parse worker pool (closed with the host) and its blob route `files/…`. */
export function filesHandlers(context: HostContext): HandlersFor<typeof filesMethods> {
  const pool = new ParsePool();
  context.onClose(() => pool.close());
  // Paths name files on the desk's own disk: only the desktop app, whose person picked them in a dialog, may use them.
  const library = new FileLibrary(context.store, pool, context.info.kind === 'electron', uploadsOf(context));
  context.blobs.register('files', (rest, who) => library.openBlob(rest, who));

  const viewer = (ctx: CallContext): Viewer => ({
    personId: requireActor(ctx),
    roles: ctx.conn.auth?.roles ?? [],
  });
  const changed = (id: number) => context.events.publish('changed', { entity: 'file', id: String(id) });

  return {
    'files.import': async (input, ctx) => {
      const file = await library.importFile(viewer(ctx), input);
      changed(file.id);
      return file;
    },
    'files.list': (input, ctx) => library.list(viewer(ctx), input),
    'files.get': ({ id }, ctx) => library.get(viewer(ctx), id),
    'files.update': (input, ctx) => {
      const file = library.update(viewer(ctx), input);
      changed(file.id);
      return file;
    },
    'files.share': (input, ctx) => {
      const file = library.share(viewer(ctx), input);
      changed(file.id);
      return file;
    },
    'files.remove': ({ id }, ctx) => {
      library.remove(viewer(ctx), id);
      changed(id);
      return { id };
    },
    'files.tags': (_input, ctx) => library.tags(viewer(ctx)),
  };
}
