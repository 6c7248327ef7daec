import { MAX_UPLOAD_BYTES } from '../../../preload/contract/methods/files.js';
import { currentLogin } from '../../api/index.js';
import { pageToken } from '../../api/bridge.js';

export { MAX_UPLOAD_BYTES };

/** The extensions the library takes (the same list main checks; main has the last word). */
export const ACCEPTED = [
  '.gcode',
  '.gco',
  '.g',
  '.nc',
  '.ngc',
  '.tap',
  '.sbp',
  '.stl',
  '.obj',
  '.3mf',
] as const;

export function accepted(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED.some((ext) => lower.endsWith(ext));
}

/** The host refused the bytes (too large, not logged in): `message` is its sentence. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** `/upload` on this page's origin: app://desk/upload in the desktop app, `/upload?token=…&login=…` on the web. */
export function uploadUrl(): string {
  const query = new URLSearchParams();
  const token = pageToken();
  if (token !== null) query.set('token', token);
  const login = currentLogin();
  if (login !== undefined) query.set('login', login);
  const search = query.toString();
  return search === '' ? '/upload' : `/upload?${search}`;
}

/**
 * Sends a file's bytes to the host's upload route (never through RPC) and resolves with the upload id that
 * `files.import` takes. The browser streams the File from disk; on the web, XHR reports progress as it goes.
 * In the desktop app the app:// scheme is fetch-only, so there is no progress there.
 */
export function sendUpload(file: File, onProgress?: (sent: number, total: number) => void): Promise<string> {
  const done = (status: number, text: string): string => {
    if (status !== 200) throw new UploadError(status, text.trim() || `The upload failed (${status}).`);
    return (JSON.parse(text) as { uploadId: string }).uploadId;
  };
  if (window.location.protocol === 'app:') {
    return fetch(uploadUrl(), {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
    }).then(async (r) => done(r.status, await r.text()));
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl());
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      try {
        resolve(done(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    xhr.onerror = () =>
      reject(new UploadError(0, 'The upload was cut off: check the connection and try again.'));
    xhr.send(file);
  });
}
