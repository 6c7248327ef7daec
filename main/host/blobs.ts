import type { Readable } from 'node:stream';
import type { LoginSession } from '../people/sessions.js';

/**
 * Big data (toolpaths, meshes, thumbnails, PDFs) travels as bytes by URL, never through RPC.
 * An area registers a source under a prefix; the web host serves it at `/blob/<prefix>/<rest>` (token required)
 * and Electron at `app://desk/blob/<prefix>/<rest>`. `who` is the logged-in caller (null: refuse).
 */
export interface Blob {
  body: Buffer | Readable;
  contentType: string;
  size?: number;
  /** Suggested file name for downloads (PDFs, CSV). */
  fileName?: string;
}

export type BlobSource = (rest: string, who: LoginSession) => Promise<Blob | null> | Blob | null;

export class BlobRoutes {
  private readonly sources = new Map<string, BlobSource>();

  register(prefix: string, source: BlobSource): void {
    if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new Error(`bad blob prefix ${prefix}`);
    if (this.sources.has(prefix)) throw new Error(`blob prefix ${prefix} registered twice`);
    this.sources.set(prefix, source);
  }

  /** Resolves `<prefix>/<rest>`; null when nothing is there or the caller may not see it. */
  async open(path: string, who: LoginSession | null): Promise<Blob | null> {
    if (who === null || who.locked || who.ended) return null;
    const slash = path.indexOf('/');
    const prefix = slash < 0 ? path : path.slice(0, slash);
    const source = this.sources.get(prefix);
    if (source === undefined) return null;
    return source(slash < 0 ? '' : path.slice(slash + 1), who);
  }
}
