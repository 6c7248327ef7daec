import type { MachineSnapshot, TelemetryPoint } from '../../preload/contract/methods/machines.js';

/** How much a session keeps: half an hour at about one point a second (≤ 1800 points, a few hundred kB). */
export const HISTORY_SECONDS = 1800;
export const HISTORY_SPACING_MS = 1000;

/**
 * A connected machine's temperatures and position since it was connected, kept in main so a page opened mid-job
 * (or reloaded) charts the heat-up it did not see. The newest point replaces the one before it until a full
 * spacing has passed since the point before that, so kept points stand about a second apart however fast
 * snapshots come; points older than the window fall out.
 */
export class TelemetryHistory {
  private points: TelemetryPoint[] = [];

  constructor(
    private readonly seconds = HISTORY_SECONDS,
    private readonly spacingMs = HISTORY_SPACING_MS,
  ) {}

  add(snapshot: MachineSnapshot): void {
    if (snapshot.connection !== 'connected') return;
    if (snapshot.temperatures.length === 0 && snapshot.workPosition === null) return;
    const point: TelemetryPoint = {
      at: snapshot.at,
      temperatures: snapshot.temperatures.map((t) => ({ ...t })),
      workPosition: snapshot.workPosition === null ? null : { ...snapshot.workPosition },
    };
    const at = Date.parse(point.at);
    const anchor = this.points.at(-2);
    if (anchor !== undefined && at - Date.parse(anchor.at) < this.spacingMs) {
      this.points[this.points.length - 1] = point;
      return;
    }
    const cutoff = at - this.seconds * 1000;
    let drop = 0;
    while (drop < this.points.length && Date.parse(this.points[drop]!.at) < cutoff) drop += 1;
    if (drop > 0) this.points.splice(0, drop);
    this.points.push(point);
  }

  list(): TelemetryPoint[] {
    return this.points.slice();
  }
}
