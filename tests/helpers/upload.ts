import { Readable } from 'node:stream';
import { uploadsOf } from '../../main/files/uploads.js';
import type { TestClient, TestHost } from './temp-host.js';

/**
 * Stages bytes as `client`'s upload through the same code the hosts' upload routes run (the HTTP route itself is
 * tested in tests/unit/files/uploads.test.ts) and returns the upload id `files.import` takes.
 */
export async function uploadBytes(
  t: Pick<TestHost, 'host'>,
  client: Pick<TestClient, 'conn'>,
  bytes: Uint8Array | string,
): Promise<string> {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  const reply = await uploadsOf(t.host.context).accept(Readable.from([body]), client.conn.auth, body.length);
  if (typeof reply.body === 'string') throw new Error(`upload refused (${reply.status}): ${reply.body}`);
  return reply.body.uploadId;
}
