import {
  G_SUPPORTED,
  LINE_MAX,
  M_SUPPORTED,
  SETTINGS,
  VERSION,
  WELCOME,
  applyOverride,
  parseWords,
} from './grbl-sim-parts.js';
import { PacedWire, damageLine, garbageLine, seededRandom, type SimFaults } from './wire.js';

export interface GrblSimOptions {
  rxBytes?: number;
  plannerBlocks?: number;
  /** Motion time multiplier: 1 is real time, 0.01 runs a minute of cutting in 0.6 s, 0 makes moves instant. */
  timeScale?: number;
  /** How long Hold:1 (decelerating) lasts before Hold:0, in ms of wall time. */
  holdDecelMs?: number;
  homingMs?: number;
  faults?: SimFaults;
  seed?: number;
}

interface Block {
  target: number[];
  ms: number;
  jog: boolean;
}

/**
 * A Grbl-1.1-like controller, our own code written from the protocol facts: a 128-byte RX buffer that drops what
 * does not fit, real-time bytes taken out of the stream at once, a planner of 15 blocks, states and hold
 * sub-states, alarms, check mode, homing and jogging, with scaled motion time and injectable faults.
 * `receive` takes bytes from the host; `output` is where its replies go.
 */
export class GrblSim {
  /** Every G-code line the controller accepted, in order: what the tests compare with the program. */
  readonly accepted: string[] = [];
  droppedBytes = 0;
  /** `~` bytes that arrived while still decelerating (Hold:1) and were therefore ignored. */
  ignoredCycleStarts = 0;
  state: 'Idle' | 'Run' | 'Hold' | 'Jog' | 'Alarm' | 'Door' | 'Check' | 'Home' = 'Idle';
  subState = 0;
  readonly mpos = [0, 0, 0];
  readonly wco = [0, 0, 0];
  onDisconnect: (() => void) | null = null;

  private rx = '';
  private readonly settings: Record<number, string> = { ...SETTINGS };
  private readonly planner: Block[] = [];
  private blockTimer: NodeJS.Timeout | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private feed = 0;
  private spindle = 0;
  private relative = false;
  private statusCount = 0;
  private readonly overrides = { feed: 100, rapid: 100, spindle: 100 };
  private readonly random: () => number;
  private readonly faults: SimFaults;
  private readonly inbound: PacedWire;
  private readonly outbound: PacedWire;
  private readonly rxBytes: number;
  private readonly plannerBlocks: number;
  private readonly timeScale: number;
  private readonly holdDecelMs: number;
  private readonly homingMs: number;
  private pendingOkAfterHoming = false;
  private closed = false;

  constructor(
    private readonly output: (data: Buffer) => void,
    options: GrblSimOptions = {},
  ) {
    this.rxBytes = options.rxBytes ?? 128;
    this.plannerBlocks = options.plannerBlocks ?? 15;
    this.timeScale = options.timeScale ?? 0;
    this.holdDecelMs = options.holdDecelMs ?? 150;
    this.homingMs = options.homingMs ?? 300;
    this.faults = options.faults ?? {};
    this.random = seededRandom(options.seed ?? 1);
    const wire = { baud: this.faults.baud, latencyMs: this.faults.latencyMs };
    this.inbound = new PacedWire((data) => this.arrive(data), wire);
    this.outbound = new PacedWire((data) => this.output(data), wire);
  }

  /** Power-on: the welcome line a host waits for. */
  boot(): void {
    this.send(WELCOME);
  }

  receive(data: Buffer): void {
    if (this.closed) return;
    // Always a later turn of the event loop: a host answering synchronously must not recurse into us.
    this.inbound.send(data);
  }

  close(): void {
    this.closed = true;
    this.inbound.close();
    this.outbound.close();
    if (this.blockTimer !== null) clearTimeout(this.blockTimer);
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
  }

  private send(line: string): void {
    if (this.closed) return;
    if (this.faults.garbage !== undefined && this.random() < this.faults.garbage)
      this.write(garbageLine(this.random));
    this.write(line);
  }

  private write(line: string): void {
    const data = Buffer.from(`${line}\r\n`, 'latin1');
    if (this.outbound.paced) this.outbound.send(data);
    else this.output(data);
  }

  private ok(): void {
    if (this.faults.dropOk !== undefined && this.random() < this.faults.dropOk) return;
    this.send('ok');
    if (this.faults.duplicateOk !== undefined && this.random() < this.faults.duplicateOk) this.send('ok');
  }

  private arrive(data: Buffer): void {
    for (const byte of data) {
      if (this.realtime(byte)) continue;
      if (this.rx.length >= this.rxBytes - 1) {
        this.droppedBytes += 1; // Grbl drops, it does not back-pressure
        continue;
      }
      this.rx += String.fromCharCode(byte);
      // (The ring buffer keeps one slot free, as Grbl's serial.c does: 127 of 128 bytes usable.)
      // Grbl's main loop takes each line as soon as it is complete, while later bytes are still arriving.
      if (byte === 0x0a) this.processRx();
    }
  }

  private realtime(byte: number): boolean {
    switch (byte) {
      case 0x3f:
        this.reportStatus();
        return true;
      case 0x21:
        // Idle: nothing moves, so the hold is complete at once (Hold:0); lines still arriving are planned, not run.
        if (this.state === 'Idle') {
          this.state = 'Hold';
          this.subState = 0;
        } else if (this.state === 'Run' || this.state === 'Jog') {
          this.state = 'Hold';
          this.subState = 1;
          this.stopBlockTimer();
          this.holdTimer = setTimeout(() => {
            this.holdTimer = null;
            if (this.state === 'Hold') this.subState = 0;
          }, this.holdDecelMs);
        }
        return true;
      case 0x7e:
        // Ignored while still decelerating (Hold:1), exactly like Grbl's protocol.c.
        if (this.state === 'Hold' && this.subState === 1) this.ignoredCycleStarts += 1;
        if (this.state === 'Hold' && this.subState === 0) {
          this.state = this.planner.length > 0 ? 'Run' : 'Idle';
          this.runPlanner();
        }
        return true;
      case 0x18:
        this.softReset();
        return true;
      case 0x85:
        if (this.state === 'Jog') {
          this.planner.length = 0;
          this.stopBlockTimer();
          this.state = 'Idle';
        }
        return true;
      default:
        if (byte >= 0x80) {
          applyOverride(this.overrides, byte);
          return true;
        }
        return false;
    }
  }

  private reportStatus(): void {
    this.statusCount += 1;
    const fmt = (v: number[]) => v.map((x) => x.toFixed(3)).join(',');
    const head =
      this.state === 'Hold' || this.state === 'Door' ? `${this.state}:${this.subState}` : this.state;
    let line = `<${head}|MPos:${fmt(this.mpos)}|Bf:${this.plannerBlocks - this.planner.length},${this.rxBytes - this.rx.length}|FS:${this.feed},${this.spindle}`;
    // Like Grbl, WCO and overrides ride along only now and then.
    if (this.statusCount % 10 === 1) line += `|WCO:${fmt(this.wco)}`;
    else if (this.statusCount % 10 === 2)
      line += `|Ov:${this.overrides.feed},${this.overrides.rapid},${this.overrides.spindle}`;
    line += '>';
    if (this.faults.malformedStatus !== undefined && this.random() < this.faults.malformedStatus) {
      line = line.slice(0, Math.floor(this.random() * line.length));
    }
    this.send(line);
  }

  private softReset(): void {
    const moving =
      this.state === 'Run' ||
      this.state === 'Jog' ||
      this.state === 'Home' ||
      (this.state === 'Hold' && this.subState === 1);
    this.planner.length = 0;
    this.rx = '';
    this.stopBlockTimer();
    this.pendingOkAfterHoming = false;
    if (moving) this.send('ALARM:3');
    this.send('');
    this.send(WELCOME);
    this.state = moving || this.state === 'Alarm' ? 'Alarm' : 'Idle';
    if (this.state === 'Alarm') this.send("[MSG:'$H'|'$X' to unlock]");
  }

  private processRx(): void {
    while (this.planner.length < this.plannerBlocks && !this.pendingOkAfterHoming) {
      const nl = this.rx.indexOf('\n');
      if (nl < 0) return;
      let line = this.rx.slice(0, nl).replace(/\r/g, '');
      this.rx = this.rx.slice(nl + 1);
      if (this.faults.corruptLine !== undefined && this.random() < this.faults.corruptLine)
        line = damageLine(line, this.random, 'corrupt');
      if (this.faults.dropByte !== undefined && this.random() < this.faults.dropByte)
        line = damageLine(line, this.random, 'drop');
      this.execute(line.trim());
    }
  }

  private execute(line: string): void {
    if (line === '') {
      this.ok();
      return;
    }
    if (line.length > LINE_MAX) {
      this.send('error:11');
      return;
    }
    if (line.startsWith('$')) {
      this.system(line);
      return;
    }
    this.gcode(line);
  }

  private system(line: string): void {
    const cmd = line.toUpperCase();
    if (cmd === '$') {
      this.send('[HLP:$$ $# $G $I $N $x=val $Nx=line $J=line $SLP $C $X $H ~ ! ? ctrl-x]');
      this.ok();
      return;
    }
    if (cmd === '$I') {
      this.send(`[VER:${VERSION}.20190825:]`);
      this.send(`[OPT:V,${this.plannerBlocks},${this.rxBytes}]`);
      this.ok();
      return;
    }
    if (cmd === '$$') {
      for (const [k, v] of Object.entries(this.settings)) this.send(`$${k}=${v}`);
      this.ok();
      return;
    }
    if (cmd === '$G') {
      this.send(
        `[GC:G0 G54 G17 G21 ${this.relative ? 'G91' : 'G90'} G94 M5 M9 T0 F${this.feed} S${this.spindle}]`,
      );
      this.ok();
      return;
    }
    if (cmd === '$#') {
      this.send('[G54:0.000,0.000,0.000]');
      this.send('[G28:0.000,0.000,0.000]');
      this.send('[TLO:0.000]');
      this.ok();
      return;
    }
    if (cmd === '$X') {
      if (this.state === 'Alarm') {
        this.send('[MSG:Caution: Unlocked]');
        this.state = 'Idle';
      }
      this.ok();
      return;
    }
    if (cmd === '$C') {
      if (this.state === 'Check') {
        this.send('[MSG:Disabled]');
        this.ok();
        this.softReset();
        return;
      }
      if (this.state !== 'Idle') {
        this.send('error:8');
        return;
      }
      this.state = 'Check';
      this.send('[MSG:Enabled]');
      this.ok();
      return;
    }
    if (cmd === '$H') {
      if (this.state !== 'Idle' && this.state !== 'Alarm') {
        this.send('error:8');
        return;
      }
      this.state = 'Home';
      this.pendingOkAfterHoming = true;
      this.blockTimer = setTimeout(() => {
        this.blockTimer = null;
        this.mpos.fill(0);
        this.state = 'Idle';
        this.pendingOkAfterHoming = false;
        this.ok();
        this.processRx();
      }, this.homingMs);
      return;
    }
    if (cmd.startsWith('$J=')) {
      if (this.state !== 'Idle' && this.state !== 'Jog') {
        this.send('error:8');
        return;
      }
      const words = parseWords(cmd.slice(3));
      if (words === null || !words.has('F')) {
        this.send('error:16');
        return;
      }
      this.state = 'Jog';
      this.plan(words, true);
      this.ok();
      return;
    }
    const setting = /^\$(\d+)=(-?[\d.]+)$/.exec(cmd);
    if (setting !== null) {
      if (this.state !== 'Idle' && this.state !== 'Alarm') {
        this.send('error:8');
        return;
      }
      this.settings[Number(setting[1])] = setting[2]!;
      this.ok();
      return;
    }
    if (cmd === '$SLP' || cmd === '$N' || cmd.startsWith('$RST=')) {
      this.ok();
      return;
    }
    this.send('error:3');
  }

  private gcode(line: string): void {
    const upper = line.toUpperCase();
    const words = parseWords(upper);
    if (words === null) {
      this.send(/[A-Z][^-+\d.]/.test(upper.replace(/\s+/g, '')) ? 'error:2' : 'error:1');
      return;
    }
    if (this.state === 'Alarm' || this.state === 'Jog') {
      this.send('error:9');
      return;
    }
    for (const key of words.keys()) {
      if (!'GMXYZFSTPIJKRLN'.includes(key[0]!)) {
        this.send('error:20');
        return;
      }
      if (key.startsWith('G') && !G_SUPPORTED.has(key.slice(1))) {
        this.send('error:20');
        return;
      }
      if (key.startsWith('M') && !M_SUPPORTED.has(key.slice(1))) {
        this.send('error:20');
        return;
      }
    }
    if (words.has('G91')) this.relative = true;
    if (words.has('G90')) this.relative = false;
    if (words.has('F')) this.feed = words.get('F')!;
    if (words.has('S')) this.spindle = words.get('S')!;
    this.accepted.push(line);
    const disconnectAt = this.faults.disconnectAfterLines;
    if (disconnectAt !== undefined && this.accepted.length === disconnectAt) {
      this.onDisconnect?.();
      return;
    }
    if (this.state !== 'Check' && (words.has('X') || words.has('Y') || words.has('Z')))
      this.plan(words, false);
    this.ok();
  }

  private plan(words: Map<string, number>, jog: boolean): void {
    const relative = jog ? words.has('G91') : this.relative;
    const start = this.planner.at(-1)?.target ?? this.mpos;
    const target = ['X', 'Y', 'Z'].map((axis, i) => {
      const v = words.get(axis);
      if (v === undefined) return start[i]!;
      return relative ? start[i]! + v : v + this.wco[i]!;
    });
    const distance = Math.hypot(...target.map((t, i) => t - start[i]!));
    const feed = words.has('G0') ? 5000 : (words.get('F') ?? (this.feed || 1000));
    const ms = (distance / feed) * 60_000 * this.timeScale;
    if (ms < 1 && this.planner.length === 0 && this.state !== 'Hold') {
      // Too short to be worth a timer (and timers cost ≥ 1 ms each): the move is done at once.
      target.forEach((v, i) => (this.mpos[i] = v));
      if (jog) this.state = 'Idle';
      return;
    }
    this.planner.push({ target, ms, jog });
    if (this.state === 'Idle') this.state = 'Run';
    this.runPlanner();
  }

  private runPlanner(): void {
    if (this.blockTimer !== null || (this.state !== 'Run' && this.state !== 'Jog')) return;
    const block = this.planner[0];
    if (block === undefined) {
      this.state = 'Idle';
      return;
    }
    this.blockTimer = setTimeout(() => {
      this.blockTimer = null;
      this.planner.shift();
      block.target.forEach((v, i) => (this.mpos[i] = v));
      if (this.planner.length === 0 && (this.state === 'Run' || this.state === 'Jog')) this.state = 'Idle';
      this.processRx();
      this.runPlanner();
    }, block.ms);
  }

  private stopBlockTimer(): void {
    if (this.blockTimer !== null) clearTimeout(this.blockTimer);
    this.blockTimer = null;
  }
}
