import type { FileSummary } from '../../../preload/contract/methods/files.js';

/** "2 h 05 min", "38 min 43 s", "12 s". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

/** "60.0 × 31.0 × 48.0 mm", or null when the file makes nothing. */
export function formatSize(summary: FileSummary): string | null {
  const b = summary.bounds;
  if (b === null) return null;
  // A print stands on the bed: its height is the top layer's Z, not the distance from the first layer's Z.
  const bottom = summary.format === 'gcode' && summary.flavor === 'fff' ? [b.min[0], b.min[1], 0] : b.min;
  return `${[0, 1, 2].map((k) => (b.max[k]! - bottom[k]!).toFixed(1)).join(' × ')} mm`;
}

/** "1.25 m", "312.4 mm". */
export function formatLength(mm: number): string {
  return Math.abs(mm) >= 1000 ? `${(mm / 1000).toFixed(2)} m` : `${mm.toFixed(1)} mm`;
}
