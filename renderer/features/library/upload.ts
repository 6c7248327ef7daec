import { MAX_UPLOAD_BASE64 } from '../../../preload/contract/methods/files.js';

/** The extensions the library takes (the same list main checks; main has the last word). */
export const ACCEPTED = ['.gcode', '.gco', '.g', '.nc', '.ngc', '.tap', '.stl', '.obj', '.3mf'] as const;
export const MAX_UPLOAD_BYTES = Math.floor((MAX_UPLOAD_BASE64 / 4) * 3);

export function accepted(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED.some((ext) => lower.endsWith(ext));
}

/**
 * File bytes → base64 for `files.import`. Uploads travel inside one message (see MAX_UPLOAD_BASE64); the
 * conversion goes in 32 kB chunks so a 40 MB file does not overflow the argument list of String.fromCharCode.
 */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
