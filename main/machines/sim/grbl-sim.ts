import { GrblGcode, cleanGrblLine, type BlockMove } from './grbl-gcode.js';
import { SETTINGS, VERSION, WELCOME, applyOverride, checkSetting, formatSetting } from './grbl-sim-parts.js';
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
  private readonly settings: Record<number, number> = { ...SETTINGS };
  /** The G-code interpreter: modes, offsets and the parser position, checked as Grbl checks each block. */
  readonly parser = new GrblGcode(() => ({
    softLimits: this.settings[20] === 1,
    maxTravel: [this.settings[130]!, this.settings[131]!, this.settings[132]!],
    arcTolerance: this.settings[12]!,
  }));
  /** After a soft-limit alarm Grbl runs nothing but a soft reset (ctrl-x). */
  private awaitingReset = false;
  private readonly planner: Block[] = [];
  private blockTimer: NodeJS.Timeout | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private feed = 0;
  private spindle = 0;
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
    // After a soft-limit alarm Grbl loops until reset: the other real-time bytes (status too) are taken, not acted on.
    if (this.awaitingReset && byte !== 0x18)
      return byte === 0x3f || byte === 0x21 || byte === 0x7e || byte >= 0x80;
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
    const wasCritical = this.awaitingReset;
    this.awaitingReset = false;
    this.planner.length = 0;
    this.rx = '';
    this.stopBlockTimer();
    this.pendingOkAfterHoming = false;
    if (moving) this.send('ALARM:3');
    this.send('');
    this.send(WELCOME);
    this.state = moving || wasCritical || this.state === 'Alarm' ? 'Alarm' : 'Idle';
    // Grbl's reset re-initialises the parser from where the machine stands (stored offsets survive).
    this.parser.reset(this.mpos);
    this.syncWco();
    if (this.state === 'Alarm') this.send("[MSG:'$H'|'$X' to unlock]");
  }

  private syncWco(): void {
    this.parser.wco().forEach((v, i) => (this.wco[i] = v));
  }

  private processRx(): void {
    while (this.planner.length < this.plannerBlocks && !this.pendingOkAfterHoming && !this.awaitingReset) {
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
    const { text, overflow } = cleanGrblLine(line);
    if (overflow) {
      this.send('error:11');
      return;
    }
    if (text === '') {
      this.ok();
      return;
    }
    if (text.startsWith('$')) {
      this.system(text);
      return;
    }
    if (this.state === 'Alarm' || this.state === 'Jog') {
      this.send('error:9');
      return;
    }
    this.gcode(line, text);
  }

  private reply(status: number): void {
    if (status === 0) this.ok();
    else this.send(`error:${status}`);
  }

  private system(cmd: string): void {
    const busy = this.state === 'Run' || this.state === 'Hold';
    if (cmd === '$') {
      this.send('[HLP:$$ $# $G $I $N $x=val $Nx=line $J=line $SLP $C $X $H ~ ! ? ctrl-x]');
      this.ok();
      return;
    }
    if (cmd[1] === 'J') {
      if (this.state !== 'Idle' && this.state !== 'Jog') {
        this.reply(8);
        return;
      }
      if (cmd[2] !== '=') {
        this.reply(3);
        return;
      }
      this.jog(cmd.slice(3));
      return;
    }
    if ('$GCX'.includes(cmd[1]!)) {
      if (cmd.length !== 2) {
        this.reply(3);
        return;
      }
      this.queryOrMode(cmd, busy);
      return;
    }
    if (this.state !== 'Idle' && this.state !== 'Alarm') {
      this.reply(8);
      return;
    }
    if (cmd === '$#') {
      const fmt = (v: number[]) => v.map((x) => x.toFixed(3)).join(',');
      this.parser.coordData.forEach((c, i) => this.send(`[G${54 + i}:${fmt(c)}]`));
      this.send(`[G28:${fmt(this.parser.g28)}]`);
      this.send(`[G30:${fmt(this.parser.g30)}]`);
      this.send(`[G92:${fmt(this.parser.g92)}]`);
      this.send(`[TLO:${this.parser.tlo.toFixed(3)}]`);
      this.send('[PRB:0.000,0.000,0.000:0]');
      this.ok();
      return;
    }
    if (cmd[1] === '#') {
      this.reply(3);
      return;
    }
    if (cmd[1] === 'H') {
      if (this.settings[22] !== 1) {
        this.reply(5);
        return;
      }
      if (cmd.length !== 2) {
        this.reply(3);
        return;
      } // single-axis homing is a compile-time option, off by default
      this.home();
      return;
    }
    if (cmd[1] === 'S') {
      this.reply(cmd === '$SLP' ? 0 : 3);
      return;
    }
    if (cmd === '$I') {
      this.send(`[VER:${VERSION}.20190825:]`);
      this.send(`[OPT:V,${this.plannerBlocks},${this.rxBytes}]`);
      this.ok();
      return;
    }
    if (cmd.startsWith('$I')) {
      this.reply(cmd[2] === '=' ? 0 : 3);
      return;
    }
    if (cmd[1] === 'R') {
      this.reply(/^\$RST=[$#*]$/.test(cmd) ? 0 : 3);
      return;
    }
    if (cmd === '$N') {
      this.send('$N0=');
      this.send('$N1=');
      this.ok();
      return;
    }
    let rest = cmd.slice(1);
    const startup = rest.startsWith('N');
    if (startup) {
      if (this.state !== 'Idle') {
        this.reply(8);
        return;
      }
      rest = rest.slice(1);
    }
    const id = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (id === null) {
      this.reply(2);
      return;
    }
    rest = rest.slice(id[0].length);
    if (rest[0] !== '=') {
      this.reply(3);
      return;
    }
    rest = rest.slice(1);
    if (startup) {
      // A startup line is checked as a block before it is stored (the machine state is not changed by the check).
      const probe = new GrblGcode(() => ({ softLimits: false, maxTravel: [0, 0, 0], arcTolerance: 0.002 }));
      const status = probe.execute(rest).status;
      this.reply(status);
      return;
    }
    const value = /^[-+]?(\d+\.?\d*|\.\d+)$/.exec(rest);
    if (value === null) {
      this.reply(/^[-+]?(\d+\.?\d*|\.\d+)/.test(rest) ? 3 : 2);
      return;
    }
    const setting = Number(id[0]);
    if (setting > 255) {
      this.reply(3);
      return;
    }
    const n = Number(value[0]);
    const status = checkSetting(this.settings, Math.trunc(setting), n);
    if (status !== 0) {
      this.reply(status);
      return;
    }
    const key = Math.trunc(setting);
    this.settings[key] = Number(formatSetting(key, n));
    if (key === 22 && this.settings[22] === 0) this.settings[20] = 0; // no homing, no soft limits
    this.ok();
  }

  private queryOrMode(cmd: string, busy: boolean): void {
    if (cmd === '$$') {
      if (busy) {
        this.reply(8);
        return;
      }
      for (const [k, v] of Object.entries(this.settings)) this.send(`$${k}=${formatSetting(Number(k), v)}`);
      this.ok();
      return;
    }
    if (cmd === '$G') {
      this.send(this.parser.report());
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
    // $C
    if (this.state === 'Check') {
      this.send('[MSG:Disabled]');
      this.ok();
      this.softReset();
      return;
    }
    if (this.state !== 'Idle') {
      this.reply(8);
      return;
    }
    this.state = 'Check';
    this.send('[MSG:Enabled]');
    this.ok();
  }

  private home(): void {
    this.state = 'Home';
    this.pendingOkAfterHoming = true;
    this.blockTimer = setTimeout(() => {
      this.blockTimer = null;
      this.mpos.fill(0);
      this.parser.position = [0, 0, 0];
      this.state = 'Idle';
      this.pendingOkAfterHoming = false;
      this.ok();
      this.processRx();
    }, this.homingMs);
  }

  private jog(body: string): void {
    const result = this.parser.execute(body, true);
    if (result.status !== 0) {
      this.reply(result.status);
      return;
    }
    this.state = 'Jog';
    for (const move of result.moves) this.plan(move, true);
    this.ok();
  }

  private gcode(line: string, text: string): void {
    const result = this.parser.execute(text);
    if (result.status !== 0) {
      this.reply(result.status);
      return;
    }
    this.feed = this.parser.feed;
    this.spindle = this.parser.spindleSpeed;
    this.syncWco();
    if (this.settings[20] === 1) {
      const beyond = result.moves.some((m) => m.path.some((p) => this.parser.outside(p)));
      if (beyond) {
        this.softLimitAlarm();
        return;
      }
    }
    this.accepted.push(line);
    const disconnectAt = this.faults.disconnectAfterLines;
    if (disconnectAt !== undefined && this.accepted.length === disconnectAt) {
      this.onDisconnect?.();
      return;
    }
    if (this.state !== 'Check') for (const move of result.moves) this.plan(move, false);
    if (result.programEnd) this.send('[MSG:Pgm End]');
    this.ok();
  }

  /**
   * A target past the soft limits: Grbl stops (feed hold if moving), resets, reports ALARM:2 and then runs nothing —
   * no `ok`, no `error` for the line — until a soft reset.
   */
  private softLimitAlarm(): void {
    this.planner.length = 0;
    this.stopBlockTimer();
    this.state = 'Alarm';
    this.awaitingReset = true;
    this.send('ALARM:2');
    this.send('[MSG:Reset to continue]');
  }

  private plan(move: BlockMove, jog: boolean): void {
    const start = this.planner.at(-1)?.target ?? this.mpos;
    let from = start;
    let distance = 0;
    for (const p of move.path) {
      distance += Math.hypot(p[0]! - from[0]!, p[1]! - from[1]!, p[2]! - from[2]!);
      from = p;
    }
    const target = [...move.path.at(-1)!];
    const feed = move.rapid ? 5000 : move.feed || 1000;
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
