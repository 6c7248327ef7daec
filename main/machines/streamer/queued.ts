/**
 * What the controller still holds when a job ends early, and how far a resume must go back. Pure functions: the
 * streamers, the session and the resume plan share them, and the unit tests pin their boundaries.
 */

/** A program line the controller had received but not yet run, as shown to the operator. */
export interface QueuedLine {
  line: number;
  text: string;
  /** Switches a laser, spindle or fan-driven laser on (or raises its power): shown first. */
  energizes: boolean;
}

const wordRe = /([A-Z])\s*([-+]?(?:\d+\.?\d*|\.\d+))/g;

function words(text: string): { codes: string[]; s: number | undefined } {
  const codes: string[] = [];
  let s: number | undefined;
  for (const m of text.toUpperCase().matchAll(wordRe)) {
    const value = Number(m[2]);
    if (m[1] === 'G' || m[1] === 'M') codes.push(`${m[1]}${value}`);
    else if (m[1] === 'S') s = value;
  }
  return { codes, s };
}

/**
 * Marks the lines that turn power on and puts them first (each group keeps program order). `spindleOn` is whether
 * the spindle or laser was already on before the first of them (then a bare `S80` raises the power too). A line
 * that switches on without saying how much (`M3`, `M106`) counts as on: the controller uses the last S, or full.
 * `fanIsLaser`: M106 drives a laser (diode lasers on printer boards) — false for a 3D printer's part-cooling fan.
 */
export function orderQueued(
  lines: readonly { line: number; text: string }[],
  spindleOn: boolean,
  fanIsLaser = true,
): QueuedLine[] {
  let on = spindleOn;
  const marked = lines.map(({ line, text }) => {
    const { codes, s } = words(text);
    let energizes = false;
    if (codes.includes('M5')) on = false;
    if (codes.includes('M3') || codes.includes('M4')) {
      on = true;
      energizes = s === undefined || s > 0;
    } else if (fanIsLaser && codes.includes('M106')) {
      energizes = s === undefined || s > 0;
    } else if (on && s !== undefined && s > 0) {
      energizes = true;
    }
    return { line, text, energizes };
  });
  return [...marked.filter((l) => l.energizes), ...marked.filter((l) => !l.energizes)];
}

/** How many acknowledged moves a controller may still be carrying out, and where that figure came from. */
export interface ControllerDepth {
  firmware: 'grbl' | 'marlin';
  /** Planner blocks: Grbl's `[OPT:…,15,128]`, Marlin's BLOCK_BUFFER_SIZE. */
  plannerBlocks: number;
  /** `reported`: the controller told us (Grbl `$I`, Marlin ADVANCED_OK); `default`: the firmware's usual build. */
  plannerSource: 'reported' | 'default';
  /**
   * Moves that can still be stepping after the planner let go of them. Grbl's stepper copies a block into its
   * segment buffer (6 slots, 5 usable) and frees the planner slot before the last segment has run (stepper.c),
   * so up to 5 short moves can be running that the planner count no longer shows. Marlin keeps the block in the
   * planner until its last step: 0.
   */
  segmentBlocks: number;
}

export const GRBL_DEFAULT_PLANNER_BLOCKS = 15;
export const GRBL_SEGMENT_BLOCKS = 5;
export const MARLIN_DEFAULT_BLOCK_BUFFER = 16;

/** Acknowledged lines that may not have run yet: every one of them is sent again on a resume. */
export function unconfirmedDepth(depth: ControllerDepth): number {
  return depth.plannerBlocks + depth.segmentBlocks;
}

export interface ResumeSuggestion {
  /** The first line a resume should send. */
  line: number;
  /** The last line the controller acknowledged. */
  ackedLine: number;
  /** Acknowledged controller lines gone back over (comments and blank lines never reach it and are not counted). */
  linesBack: number;
  depth: ControllerDepth;
  /** True when the back-up reached the line the run started at: nothing earlier was sent by this run. */
  atStart: boolean;
}

/**
 * Where a resume starts so no work is skipped. `sent` lists, in order, the line numbers of the program lines that
 * reached the controller up to and including `ackedLine` (comments and blank lines never do). Everything after
 * `ackedLine` was never acknowledged — it sat in the receive buffer or never left — so it is sent again anyway;
 * of the acknowledged lines, the last `planner + segment` may still have been waiting in the planner. The
 * suggestion is the oldest of those, never before `startLine` (earlier lines belong to an earlier run).
 */
export function suggestResume(
  sent: readonly number[],
  ackedLine: number,
  startLine: number,
  depth: ControllerDepth,
): ResumeSuggestion {
  const confirmed = sent.filter((l) => l >= startLine && l <= ackedLine);
  const back = unconfirmedDepth(depth);
  const base = { ackedLine, depth };
  if (confirmed.length === 0)
    return { ...base, line: Math.max(startLine, ackedLine + 1), linesBack: 0, atStart: true };
  if (confirmed.length <= back)
    return { ...base, line: startLine, linesBack: confirmed.length, atStart: true };
  return { ...base, line: confirmed[confirmed.length - back]!, linesBack: back, atStart: false };
}
