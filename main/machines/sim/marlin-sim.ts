import { marlinChecksum } from '../drivers/marlin.js';
import { PacedWire, damageLine, garbageLine, seededRandom, type SimFaults } from './wire.js';

export interface MarlinSimOptions {
  /** Command queue slots (Marlin BUFSIZE). */
  bufSize?: number;
  plannerBlocks?: number;
  advancedOk?: boolean;
  autoreportTemp?: boolean;
  emergencyParser?: boolean;
  /** Send `ok` after `Resend:` (modern Marlin does; some firmwares do not). */
  okAfterResend?: boolean;
  timeScale?: number;
  /**
   * A move takes its length at its feed (× timeScale), one after another, as on a printer; off, every move takes
   * 20 ms × timeScale at once (what the protocol tests want: many lines quickly). The app's simulated printer has it on.
   */
  feedTimed?: boolean;
  /** Degrees per second of wall time while heating. */
  heatRate?: number;
  busyIntervalMs?: number;
  faults?: MarlinSimFaults;
  seed?: number;
}

export type MarlinSimFaults = SimFaults;

interface Heater {
  actual: number;
  target: number;
}

/**
 * The G and M codes this simulated printer knows: Marlin 2.1's default configuration for a Cartesian printer with a
 * heated bed and a part fan, host prompts, no SD card, probe, bed levelling or linear advance. Anything else gets
 * Marlin's `echo:Unknown command: "…"` (and still its `ok`). G21 is accepted as Marlin accepts it without inch mode.
 */
const KNOWN = new Set(
  [
    'G0 G1 G2 G3 G4 G21 G28 G29 G90 G91 G92',
    'M0 M1 M17 M18 M31 M75 M76 M77 M81 M82 M83 M84 M85 M92 M104 M105 M106 M107 M108 M109 M110 M111 M112 M114',
    'M115 M117 M118 M119 M120 M121 M140 M155 M190 M200 M201 M203 M204 M205 M211 M220 M221 M301 M302 M303 M400',
    'M410 M500 M501 M502 M503 M876',
  ]
    .join(' ')
    .split(' '),
);
/** Marlin's defaults: PREVENT_COLD_EXTRUSION at EXTRUDE_MINTEMP 170 °C, PREVENT_LENGTHY_EXTRUDE at 200 mm. */
const EXTRUDE_MINTEMP = 170;
const EXTRUDE_MAXLENGTH = 200;

type Waiting =
  { kind: 'heat'; heater: 'T' | 'B' } | { kind: 'user' } | { kind: 'time'; until: number } | null;

/**
 * A Marlin-like printer, our own code written from the protocol facts: numbered lines with XOR checksums checked
 * in the same order as Marlin's queue.cpp, `Resend:` (and the ok after it), a command queue of BUFSIZE slots read
 * only when a slot is free, ADVANCED_OK, busy keep-alives, heaters, M155 auto-report, M112/M108/M410, host prompts,
 * scaled motion time and injectable faults.
 */
export class MarlinSim {
  /** Every command the printer accepted, in order, without N and checksum. */
  readonly accepted: string[] = [];
  /** Line numbers accepted, in order (a duplicate or a gap here would be a lost or repeated line). */
  readonly acceptedN: number[] = [];
  /** Numbered commands accepted (a job's lines), without M110. */
  readonly acceptedNumbered: string[] = [];
  halted = false;
  onDisconnect: (() => void) | null = null;
  readonly heaters: Record<'T' | 'B', Heater> = {
    T: { actual: 21, target: 0 },
    B: { actual: 21, target: 0 },
  };

  private rx = '';
  private lastN = 0;
  private readonly queue: string[] = [];
  private plannerUsed = 0;
  private waiting: Waiting = null;
  private pendingOk: { command: string; n: number | null } | null = null;
  private autoReportMs = 0;
  private lastReportAt = 0;
  private lastBusyAt = 0;
  private ticker: NodeJS.Timeout;
  private readonly random: () => number;
  private readonly faults: SimFaults;
  private readonly inbound: PacedWire;
  private readonly outbound: PacedWire;
  private readonly o: Required<Omit<MarlinSimOptions, 'faults' | 'seed'>>;
  private closed = false;
  /** Extruder position (mm), relative-E mode (M83, or G91 until M82) and the cold-extrusion floor (M302). */
  private e = 0;
  private relativeE = false;
  /** Where the head is (mm), absolute or relative XYZ (G90/G91), and the feed (mm/min): a move takes its time. */
  private readonly head = { x: 0, y: 0, z: 0 };
  private relativeXyz = false;
  private feed = 1500;
  private motionEndsAt = 0;
  private minExtrudeTemp = EXTRUDE_MINTEMP;
  private allowCold = false;

  constructor(
    private readonly output: (data: Buffer) => void,
    options: MarlinSimOptions = {},
  ) {
    this.o = {
      bufSize: 4,
      plannerBlocks: 16,
      advancedOk: false,
      autoreportTemp: true,
      emergencyParser: true,
      okAfterResend: true,
      timeScale: 0,
      feedTimed: false,
      heatRate: 400,
      busyIntervalMs: 1000,
      ...options,
    };
    this.faults = options.faults ?? {};
    this.random = seededRandom(options.seed ?? 7);
    const wire = { baud: this.faults.baud, latencyMs: this.faults.latencyMs };
    this.inbound = new PacedWire((data) => this.arrive(data), wire);
    this.outbound = new PacedWire((data) => this.output(data), wire);
    this.ticker = setInterval(() => this.tick(), 50);
    this.ticker.unref();
  }

  boot(): void {
    this.send('start');
    this.send('echo:Marlin 2.1.2 (simulated)');
  }

  receive(data: Buffer): void {
    if (this.closed) return;
    // Always a later turn of the event loop: a host answering synchronously must not recurse into us.
    this.inbound.send(data);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.ticker);
    this.inbound.close();
    this.outbound.close();
  }

  private send(line: string): void {
    if (this.closed) return;
    if (this.faults.garbage !== undefined && this.random() < this.faults.garbage)
      this.write(garbageLine(this.random));
    this.write(line);
  }

  private write(line: string): void {
    const data = Buffer.from(`${line}\n`, 'latin1');
    if (this.outbound.paced) this.outbound.send(data);
    else this.output(data);
  }

  private okFor(n: number | null): void {
    if (this.faults.dropOk !== undefined && this.random() < this.faults.dropOk) return;
    const free = this.o.bufSize - this.queue.length;
    const line = this.o.advancedOk
      ? `ok${n === null ? '' : ` N${n}`} P${this.o.plannerBlocks - this.plannerUsed} B${free}`
      : 'ok';
    this.send(line);
    if (this.faults.duplicateOk !== undefined && this.random() < this.faults.duplicateOk) this.send(line);
  }

  private temps(): string {
    const h = this.heaters;
    return `T:${h.T.actual.toFixed(2)} /${h.T.target.toFixed(2)} B:${h.B.actual.toFixed(2)} /${h.B.target.toFixed(2)} @:0 B@:0`;
  }

  private arrive(data: Buffer): void {
    const text = data.toString('latin1');
    if (this.halted) return;
    this.rx += text;
    if (this.o.emergencyParser) this.emergencyScan();
    this.readCommands();
  }

  /** EMERGENCY_PARSER acts on M108/M112/M410/M876 as they arrive, even with the queue full. */
  private emergencyScan(): void {
    const lines = this.rx.split('\n');
    const keep: string[] = [];
    const urgent: string[] = [];
    lines.forEach((line, i) => {
      const cmd = line.trim();
      const complete = i < lines.length - 1;
      if (complete && /^(M108|M112|M410|M876 S\d+)$/.test(cmd)) urgent.push(cmd);
      else keep.push(line);
    });
    // Take them out of the buffer before acting: acting may read the buffer.
    this.rx = keep.join('\n');
    for (const cmd of urgent) this.emergency(cmd);
  }

  private emergency(cmd: string): void {
    if (cmd === 'M112') {
      this.kill();
      return;
    }
    if (cmd === 'M108' || cmd.startsWith('M876')) {
      if (this.waiting !== null && this.waiting.kind !== 'time') this.finishWait();
      return;
    }
    // M410: quick stop, planner flushed.
    this.plannerUsed = 0;
    this.motionEndsAt = 0;
  }

  private kill(): void {
    this.send('Error:Printer halted. kill() called!');
    this.halted = true;
    this.queue.length = 0;
    this.rx = '';
  }

  private lineError(message: string): void {
    this.send(`Error:${message}, Last Line: ${this.lastN}`);
    // Marlin flushes its serial buffer and asks for the line after the last good one, then says ok.
    this.rx = '';
    this.send(`Resend: ${this.lastN + 1}`);
    if (this.o.okAfterResend) this.send('ok');
  }

  private readCommands(): void {
    while (this.queue.length < this.o.bufSize && !this.halted) {
      const nl = this.rx.indexOf('\n');
      if (nl < 0) break;
      let line = this.rx.slice(0, nl).replace(/\r/g, '').trim();
      this.rx = this.rx.slice(nl + 1);
      if (line === '') continue;
      if (this.faults.corruptLine !== undefined && this.random() < this.faults.corruptLine)
        line = damageLine(line, this.random, 'corrupt');
      if (this.faults.dropByte !== undefined && this.random() < this.faults.dropByte)
        line = damageLine(line, this.random, 'drop');
      this.accept(line);
    }
    this.runQueue();
  }

  private accept(line: string): void {
    let command = line;
    let n: number | null = null;
    const star = line.lastIndexOf('*');
    if (line.startsWith('N')) {
      const m = /^N(\d+)\s*/.exec(line);
      if (m === null) {
        this.lineError('Line Number is not Last Line Number+1');
        return;
      }
      n = Number(m[1]);
      const body = star < 0 ? line : line.slice(0, star);
      command = body.slice(m[0].length).trim();
      const isM110 = /^M110\b/.test(command);
      // Same order as Marlin: line number first, then the checksum.
      if (n !== this.lastN + 1 && !isM110) {
        this.lineError('Line Number is not Last Line Number+1');
        return;
      }
      if (star < 0) {
        this.lineError('No Checksum with line number');
        return;
      }
      const given = line.slice(star + 1).trim();
      if (!/^\d+$/.test(given) || Number(given) !== marlinChecksum(body)) {
        this.lineError('checksum mismatch');
        return;
      }
      if (this.faults.resendRequest !== undefined && this.random() < this.faults.resendRequest) {
        this.lineError('checksum mismatch');
        return;
      }
      this.lastN = isM110 ? Number(/N(\d+)/.exec(command.slice(4))?.[1] ?? n) : n;
    } else if (star >= 0) {
      this.lineError('No Line Number with checksum');
      return;
    }
    this.accepted.push(command);
    if (n !== null) this.acceptedN.push(n);
    if (n !== null && !command.startsWith('M110')) this.acceptedNumbered.push(command);
    const disconnectAt = this.faults.disconnectAfterLines;
    if (disconnectAt !== undefined && this.acceptedN.length === disconnectAt) {
      this.onDisconnect?.();
      return;
    }
    this.queue.push(n === null ? command : `N${n} ${command}`);
  }

  private runQueue(): void {
    while (this.waiting === null && this.queue.length > 0 && !this.halted) {
      const entry = this.queue[0]!;
      const m = /^N(\d+) (.*)$/.exec(entry);
      const n = m === null ? null : Number(m[1]);
      const command = m === null ? entry : m[2]!;
      if (!this.execute(command)) return; // blocked (planner full): try again on the next tick
      this.queue.shift();
      // execute() may have started a wait (heating, homing, a prompt): the ok comes when it ends.
      if ((this.waiting as Waiting) !== null) {
        this.pendingOk = { command, n };
        return;
      }
      if (!/^M105\b/.test(command)) this.okFor(n);
      this.readCommands();
    }
  }

  private finishWait(): void {
    this.waiting = null;
    const done = this.pendingOk;
    this.pendingOk = null;
    if (done !== null) this.okFor(done.n);
    this.readCommands();
  }

  /** Runs one command; false when it cannot start yet (planner full). */
  private execute(command: string): boolean {
    const code = /^([GMT])(\d+)/.exec(command.toUpperCase());
    const word = code === null ? '' : `${code[1]}${Number(code[2])}`;
    const arg = (letter: string) => {
      const m = new RegExp(`(?:^|\\s)${letter}(-?[\\d.]+)`).exec(command.toUpperCase());
      return m === null ? null : Number(m[1]);
    };
    switch (word) {
      case 'G0':
      case 'G1':
      case 'G2':
      case 'G3': {
        if (this.plannerUsed >= this.o.plannerBlocks) return false;
        if (word === 'G0' || word === 'G1') this.extrude(arg('E'));
        const moveMs = this.travel(arg);
        const ms = (this.o.feedTimed ? Math.max(20, moveMs) : 20) * this.o.timeScale;
        if (ms >= 1) {
          // Feed-timed moves run one after another: this one ends after the one before it.
          const now = performance.now();
          const end = (this.o.feedTimed ? Math.max(now, this.motionEndsAt) : now) + ms;
          this.motionEndsAt = end;
          this.plannerUsed += 1;
          setTimeout(() => {
            this.plannerUsed = Math.max(0, this.plannerUsed - 1);
            this.runQueue();
          }, end - now).unref();
        }
        return true;
      }
      case 'G28':
      case 'G29':
        if (word === 'G28') Object.assign(this.head, { x: 0, y: 0, z: 0 });
        this.waiting = { kind: 'time', until: performance.now() + Math.max(200, 3000 * this.o.timeScale) };
        return true;
      case 'G4':
        this.waiting = {
          kind: 'time',
          until: performance.now() + (arg('P') ?? (arg('S') ?? 0) * 1000) * Math.max(this.o.timeScale, 0.01),
        };
        return true;
      case 'M400':
        if (this.plannerUsed > 0) return false;
        return true;
      case 'M0':
      case 'M1':
        this.send('//action:prompt_begin Paused: press Continue');
        this.send('//action:prompt_button Continue');
        this.send('//action:prompt_show');
        this.waiting = { kind: 'user' };
        return true;
      case 'M104':
      case 'M109':
        this.heaters.T.target = arg('S') ?? 0;
        if (word === 'M109') this.waiting = { kind: 'heat', heater: 'T' };
        return true;
      case 'M140':
      case 'M190':
        this.heaters.B.target = arg('S') ?? 0;
        if (word === 'M190') this.waiting = { kind: 'heat', heater: 'B' };
        return true;
      case 'M105':
        this.send(`ok ${this.temps()}`);
        return true;
      case 'M110':
        return true;
      case 'M82':
      case 'M83':
      case 'G90':
      case 'G91':
        this.relativeE = word === 'M83' || word === 'G91';
        if (word === 'G90' || word === 'G91') this.relativeXyz = word === 'G91';
        return true;
      case 'G92':
        if (arg('E') !== null) this.e = arg('E')!;
        return true;
      case 'M302': {
        const s = arg('S');
        const p = arg('P');
        if (s !== null) this.minExtrudeTemp = s;
        if (p !== null) this.allowCold = this.minExtrudeTemp === 0 || p === 1;
        if (s === null && p === null)
          this.send(
            `echo:Cold extrudes are ${this.allowCold ? 'enabled' : 'disabled'} (min temp ${this.minExtrudeTemp}C)`,
          );
        return true;
      }
      case 'M112':
        this.kill();
        return true;
      case 'M115':
        this.send(
          'FIRMWARE_NAME:Marlin 2.1.2 (simulated) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Desk Simulated Printer EXTRUDER_COUNT:1',
        );
        this.send(`Cap:AUTOREPORT_TEMP:${this.o.autoreportTemp ? 1 : 0}`);
        this.send(`Cap:EMERGENCY_PARSER:${this.o.emergencyParser ? 1 : 0}`);
        this.send('Cap:PROMPT_SUPPORT:1');
        this.send('Cap:ARCS:1');
        return true;
      case 'M155':
        this.autoReportMs = this.o.autoreportTemp ? (arg('S') ?? 0) * 1000 : 0;
        return true;
      case 'M876':
        if (this.waiting?.kind === 'user') this.waiting = null;
        return true;
      default:
        if (!/^T\d+$/.test(word) && !KNOWN.has(word)) this.send(`echo:Unknown command: "${command}"`);
        return true;
    }
  }

  /**
   * A G0/G1 E move, checked as Marlin's prevent_dangerous_extrude does: below the minimum temperature or longer than
   * 200 mm, the extruder does not move (the rest of the move runs) and Marlin says why.
   */
  /** Moves the head to a G0-G3 line's end and returns how long the move takes at its feed, in ms (arcs as chords). */
  private travel(arg: (letter: string) => number | null): number {
    const f = arg('F');
    if (f !== null && f > 0) this.feed = f;
    let distance = 0;
    for (const axis of ['x', 'y', 'z'] as const) {
      const v = arg(axis.toUpperCase());
      if (v === null) continue;
      const to = this.relativeXyz ? this.head[axis] + v : v;
      distance += (to - this.head[axis]) ** 2;
      this.head[axis] = to;
    }
    return (Math.sqrt(distance) / this.feed) * 60_000;
  }

  private extrude(target: number | null): void {
    if (target === null) return;
    const to = this.relativeE ? this.e + target : target;
    if (to === this.e) return;
    if (!this.allowCold && this.heaters.T.actual < this.minExtrudeTemp)
      this.send('echo: cold extrusion prevented');
    else if (Math.abs(to - this.e) > EXTRUDE_MAXLENGTH) this.send('echo: too long extrusion prevented');
    this.e = to;
  }

  private tick(): void {
    if (this.halted || this.closed) return;
    const now = performance.now();
    for (const h of Object.values(this.heaters)) {
      const step = (this.o.heatRate * 50) / 1000;
      // Heaters only heat: with a lower target (or off) they cool to the room's 21 °C, never below it.
      const goal = Math.max(h.target, 21);
      h.actual += Math.max(-step, Math.min(step, goal - h.actual));
    }
    const w = this.waiting;
    if (w !== null) {
      if (now - this.lastBusyAt >= this.o.busyIntervalMs) {
        this.lastBusyAt = now;
        this.send(w.kind === 'user' ? 'echo:busy: paused for user' : 'echo:busy: processing');
      }
      if (w.kind === 'heat' && Math.abs(this.heaters[w.heater].actual - this.heaters[w.heater].target) < 1)
        this.finishWait();
      else if (w.kind === 'time' && now >= w.until) this.finishWait();
    }
    if (this.autoReportMs > 0 && now - this.lastReportAt >= this.autoReportMs) {
      this.lastReportAt = now;
      this.send(` ${this.temps()}`);
    }
    this.runQueue();
  }
}
