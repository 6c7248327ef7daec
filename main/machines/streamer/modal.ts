/**
 * The modal state a program has set up by a given line: what must be replayed before resuming from the middle.
 * Pure; updated from each acknowledged line and persisted with the job's progress.
 */
export interface ModalState {
  units: 'G20' | 'G21';
  distance: 'G90' | 'G91';
  wcs: string;
  plane: 'G17' | 'G18' | 'G19';
  motion: string | null;
  feed: number | null;
  spindle: 'M3' | 'M4' | 'M5';
  speed: number | null;
  coolant: ('M7' | 'M8')[];
  tool: number | null;
  /** Last programmed absolute position (program coordinates). */
  position: { x: number | null; y: number | null; z: number | null; e: number | null };
  extruder: 'M82' | 'M83';
  hotend: number | null;
  bed: number | null;
  fan: number | null;
}

export function initialModal(): ModalState {
  return {
    units: 'G21',
    distance: 'G90',
    wcs: 'G54',
    plane: 'G17',
    motion: null,
    feed: null,
    spindle: 'M5',
    speed: null,
    coolant: [],
    tool: null,
    position: { x: null, y: null, z: null, e: null },
    extruder: 'M82',
    hotend: null,
    bed: null,
    fan: null,
  };
}

const word = /([A-Z])\s*([-+]?(?:\d+\.?\d*|\.\d+))/g;

/** Applies one (comment-free) line. Mutates and returns `state` so the hot path allocates nothing. */
export function applyModal(state: ModalState, line: string): ModalState {
  const upper = line.toUpperCase();
  const values: Partial<Record<string, number>> = {};
  const codes: string[] = [];
  for (const m of upper.matchAll(word)) {
    const letter = m[1]!;
    const value = Number(m[2]);
    if (letter === 'G' || letter === 'M') codes.push(`${letter}${value}`);
    else values[letter] = value;
  }
  let heatCode: string | null = null;
  for (const code of codes) {
    if (code === 'G20' || code === 'G21') state.units = code;
    else if (code === 'G90' || code === 'G91') state.distance = code;
    else if (code === 'G17' || code === 'G18' || code === 'G19') state.plane = code;
    else if (/^G5[4-9](\.\d)?$/.test(code)) state.wcs = code;
    else if (code === 'G0' || code === 'G1' || code === 'G2' || code === 'G3') state.motion = code;
    else if (code === 'M3' || code === 'M4' || code === 'M5') state.spindle = code;
    else if (code === 'M7' || code === 'M8') {
      if (!state.coolant.includes(code)) state.coolant.push(code);
    } else if (code === 'M9') state.coolant = [];
    else if (code === 'M82' || code === 'M83') state.extruder = code;
    else if (code === 'M104' || code === 'M109' || code === 'M140' || code === 'M190' || code === 'M106')
      heatCode = code;
    else if (code === 'M107') state.fan = 0;
  }
  const s = values.S;
  if (heatCode === 'M104' || heatCode === 'M109') state.hotend = s ?? state.hotend;
  else if (heatCode === 'M140' || heatCode === 'M190') state.bed = s ?? state.bed;
  else if (heatCode === 'M106') state.fan = s ?? 255;
  else if (s !== undefined) state.speed = s;
  if (values.F !== undefined) state.feed = values.F;
  if (values.T !== undefined) state.tool = values.T;
  const isG92 = codes.includes('G92');
  for (const axis of ['X', 'Y', 'Z', 'E'] as const) {
    const v = values[axis];
    if (v === undefined) continue;
    const key = axis.toLowerCase() as 'x' | 'y' | 'z' | 'e';
    const relative =
      axis === 'E' ? state.extruder === 'M83' || state.distance === 'G91' : state.distance === 'G91';
    const prev = state.position[key];
    state.position[key] = relative && !isG92 && prev !== null ? prev + v : v;
  }
  return state;
}

export interface ResumeOptions {
  firmware: 'grbl' | 'marlin';
  /** Height to travel at before plunging back (CNC, work coordinates, program units). */
  safeZ?: number;
}

/**
 * Lines to run before resuming at a line: restore units, offsets, spindle or heaters, then a safe approach.
 * Only ever run after the operator confirmed homing and work zero (never automatic).
 */
export function resumePreamble(state: ModalState, options: ResumeOptions): string[] {
  const { x, y, z, e } = state.position;
  const out: string[] = [];
  if (options.firmware === 'marlin') {
    if (state.bed !== null && state.bed > 0) out.push(`M140 S${state.bed}`);
    if (state.hotend !== null && state.hotend > 0) out.push(`M104 S${state.hotend}`);
    if (state.bed !== null && state.bed > 0) out.push(`M190 S${state.bed}`);
    if (state.hotend !== null && state.hotend > 0) out.push(`M109 S${state.hotend}`);
    out.push(state.units, 'G90', 'G28 X Y');
    if (z !== null) out.push(`G0 Z${(z + 2).toFixed(3)} F600`);
    if (x !== null || y !== null)
      out.push(`G0${x === null ? '' : ` X${x.toFixed(3)}`}${y === null ? '' : ` Y${y.toFixed(3)}`} F3000`);
    if (z !== null) out.push(`G0 Z${z.toFixed(3)} F600`);
    out.push(state.extruder);
    if (e !== null) out.push(`G92 E${e.toFixed(5)}`);
    if (state.fan !== null) out.push(state.fan > 0 ? `M106 S${state.fan}` : 'M107');
    if (state.feed !== null) out.push(`G1 F${state.feed}`);
    if (state.distance === 'G91') out.push('G91');
    return out;
  }
  const safeZ = options.safeZ ?? (state.units === 'G20' ? 0.2 : 5);
  out.push(state.units, 'G90', state.wcs, state.plane);
  if (state.tool !== null) out.push(`T${state.tool}`);
  out.push(`G0 Z${Math.max(safeZ, z ?? safeZ).toFixed(3)}`);
  if (x !== null || y !== null)
    out.push(`G0${x === null ? '' : ` X${x.toFixed(3)}`}${y === null ? '' : ` Y${y.toFixed(3)}`}`);
  if (state.spindle !== 'M5') {
    out.push(`${state.spindle} S${state.speed ?? 0}`);
    out.push('G4 P2');
  }
  if (state.coolant.length > 0) out.push(...state.coolant);
  if (z !== null) out.push(`G1 Z${z.toFixed(3)} F${Math.max(1, Math.round((state.feed ?? 100) / 2))}`);
  if (state.feed !== null) out.push(`G1 F${state.feed}`);
  // A resumed line may carry only axis words: it must move in the program's mode, not the approach's G1.
  if (state.motion === 'G0') out.push('G0');
  if (state.distance === 'G91') out.push('G91');
  return out;
}
