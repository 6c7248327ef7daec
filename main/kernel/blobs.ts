import type { Readable } from 'node:stream';
import type { LoginSession } from './connection.js';

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
  /** HTTP status when it is not 200 (a public document that was withdrawn answers 410 Gone). */
  status?: number;
}

export type BlobSource = (rest: string, who: LoginSession) => Promise<Blob | null> | Blob | null;

/**
 * A document anyone may fetch without a token or a login, at `/public/<prefix>/<rest>` on the web host: only what is
 * published on purpose (an Open Badge's hosted assertion, badge class, issuer and image), built from `origin`.
 */
export type PublicSource = (rest: string, origin: string) => Promise<Blob | null> | Blob | null;

export class BlobRoutes {
  private readonly sources = new Map<string, BlobSource>();
  private readonly publicSources = new Map<string, PublicSource>();
  /** The web host's own address (`http://host:port`) while it serves; null when nothing serves over HTTP. */
  publicOrigin: string | null = null;

  registerPublic(prefix: string, source: PublicSource): void {
    if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new Error(`bad public prefix ${prefix}`);
    if (this.publicSources.has(prefix)) throw new Error(`public prefix ${prefix} registered twice`);
    this.publicSources.set(prefix, source);
  }

  /** Resolves a public `<prefix>/<rest>` against the serving origin; null when nothing is published there. */
  async openPublic(path: string, origin: string): Promise<Blob | null> {
    const slash = path.indexOf('/');
    if (slash < 0) return null;
    const source = this.publicSources.get(path.slice(0, slash));
    return source === undefined ? null : source(path.slice(slash + 1), origin);
  }

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
