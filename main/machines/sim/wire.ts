/**
 * One direction of a simulated serial cable: bytes take `len × 10 / baud` seconds to cross (8N1 framing) plus a
 * fixed latency. A pseudo-terminal ignores baud rate entirely, so the simulators pace themselves with this when a
 * test or benchmark depends on timing. Without baud or latency, bytes are handed on in the next turn of the loop.
 */
export interface WireOptions {
  baud?: number | undefined;
  latencyMs?: number | undefined;
}

/** Bytes are delivered in slices this big, so a long write does not arrive all at once at its end. */
const SLICE = 16;

export class PacedWire {
  private readonly bytesPerMs: number;
  private readonly latencyMs: number;
  private busyUntil = 0;
  private readonly queue: { at: number; data: Buffer }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly deliver: (data: Buffer) => void,
    options: WireOptions = {},
  ) {
    this.bytesPerMs = options.baud === undefined || options.baud <= 0 ? Infinity : options.baud / 10 / 1000;
    this.latencyMs = options.latencyMs ?? 0;
  }

  get paced(): boolean {
    return this.bytesPerMs !== Infinity || this.latencyMs > 0;
  }

  send(data: Buffer): void {
    if (this.closed || data.length === 0) return;
    if (!this.paced) {
      setImmediate(() => {
        if (!this.closed) this.deliver(data);
      });
      return;
    }
    const now = performance.now();
    let start = Math.max(now, this.busyUntil);
    for (let i = 0; i < data.length; i += SLICE) {
      const slice = data.subarray(i, Math.min(data.length, i + SLICE));
      const done = start + slice.length / this.bytesPerMs;
      this.queue.push({ at: done + this.latencyMs, data: slice });
      start = done;
    }
    this.busyUntil = start;
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer !== null || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const now = performance.now();
    const due: Buffer[] = [];
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.25) due.push(this.queue.shift()!.data);
    if (due.length > 0 && !this.closed) this.deliver(due.length === 1 ? due[0]! : Buffer.concat(due));
    this.schedule();
  }
}

/** Fault injection shared by both simulated firmwares. Probabilities are per line. */
export interface SimFaults {
  /** Lose one byte of a received line (line noise on the way in). */
  dropByte?: number;
  /** Change one character of a received line. */
  corruptLine?: number;
  /** Never send this `ok`. */
  dropOk?: number;
  /** Send this `ok` twice. */
  duplicateOk?: number;
  /** Marlin: ask for a line again although it arrived intact. */
  resendRequest?: number;
  /** Send a line of random bytes. */
  garbage?: number;
  /** Grbl: send a status report that is cut off or mangled. */
  malformedStatus?: number;
  /** Drop the link after this many accepted lines (the session sees the port close). */
  disconnectAfterLines?: number;
  latencyMs?: number;
  baud?: number;
}

/** A small seeded generator so a fault run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

export function garbageLine(random: () => number): string {
  const n = 3 + Math.floor(random() * 20);
  let out = '';
  for (let i = 0; i < n; i += 1) {
    // Anything but a line terminator: binary noise, stray status brackets, half words.
    let c = Math.floor(random() * 256);
    if (c === 10 || c === 13) c = 0x7f;
    out += String.fromCharCode(c);
  }
  return out;
}

/** Damage a line the way noise on the wire would: one character changed or one byte lost. */
export function damageLine(line: string, random: () => number, mode: 'corrupt' | 'drop'): string {
  if (line.length === 0) return line;
  const i = Math.floor(random() * line.length);
  if (mode === 'drop') return line.slice(0, i) + line.slice(i + 1);
  const original = line.charCodeAt(i);
  let c = 0x41 + Math.floor(random() * 26);
  if (c === original) c = c === 0x5a ? 0x41 : c + 1;
  return line.slice(0, i) + String.fromCharCode(c) + line.slice(i + 1);
}
