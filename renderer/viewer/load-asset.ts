import { decodeAsset, type DecodedMesh, type DecodedToolpath } from './decode.js';

/**
 * Fetches a toolpath or mesh as bytes by URL (never through RPC), reporting progress as a fraction 0..1 when the
 * size is known, and decodes it without copying.
 */
export async function loadAsset(
  url: string,
  onProgress: (fraction: number | null) => void,
  signal?: AbortSignal,
): Promise<DecodedToolpath | DecodedMesh> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok)
    throw new Error(
      response.status === 404
        ? 'The preview is not available to you.'
        : `The preview could not be loaded (${response.status}).`,
    );
  const total = Number(response.headers.get('Content-Length') ?? 0);
  if (response.body === null || total <= 0) {
    onProgress(null);
    return decodeAsset(await response.arrayBuffer());
  }
  const buffer = new Uint8Array(total);
  const reader = response.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > total) throw new Error('The preview is larger than announced.');
    buffer.set(value, received);
    received += value.length;
    onProgress(received / total);
  }
  if (received !== total) throw new Error('The preview download was cut off.');
  return decodeAsset(buffer.buffer);
}
