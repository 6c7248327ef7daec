/** Shared shapes of the toolpath planner. All lengths in mm; origin at the job's bottom-left corner, x right, y up. */
export type Point = [number, number];
export type Polyline = Point[];

/** One continuous cut: the tool goes down at the first point and up after the last. */
export interface Stroke {
  points: Polyline;
  /** Depth of the tool tip: 0 = the material's surface, negative = into it (always 0 for a cutter). */
  z: number;
  closed: boolean;
}

export type MachineLanguage = 'rml' | 'camm';

export interface Machine {
  id: string;
  name: string;
  language: MachineLanguage;
  /** Machine units per mm: 100 (0.01 mm) or 40 (0.025 mm). */
  unitsPerMm: number;
  /** Travel from the user origin, mm (x, y, z). */
  travel: [number, number, number];
  /** Where the mill parks at the end (mm from the origin); null for cutters. */
  home: [number, number, number] | null;
  /** Rapid (travel) speed used for the time estimate, mm/s. */
  rapidSpeed: number;
}
