/** Axis-aligned bounds in millimetres, JSON-safe for RPC. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Grows as points arrive; `result()` is null until it has seen one. */
export class BoundsBuilder {
  minX = Infinity;
  minY = Infinity;
  minZ = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  maxZ = -Infinity;

  add(x: number, y: number, z: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
    if (z < this.minZ) this.minZ = z;
    if (z > this.maxZ) this.maxZ = z;
  }

  result(): Bounds | null {
    if (this.minX > this.maxX) return null;
    const r = (v: number) => Math.round(v * 1000) / 1000;
    return {
      min: [r(this.minX), r(this.minY), r(this.minZ)],
      max: [r(this.maxX), r(this.maxY), r(this.maxZ)],
    };
  }
}
