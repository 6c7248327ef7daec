/**
 * The command stream shared by RML-1 and CAMM-GL (both descend from HP-GL): `NAME args;` with comma-separated
 * numbers, `!`-prefixed Roland extensions, whitespace and line breaks ignored. Fed in chunks of any size (a device
 * reads bytes as they come); every complete command goes to `onCommand` with the byte offset it started at.
 */
export interface Command {
  name: string;
  args: number[];
  /** Byte offset of the command in the stream. */
  at: number;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const ESC = '\x1b';

/**
 * Device-control instructions without parameters that Roland's RML-1 and CAMM-GL machines take between commands
 * (their programming manuals: ESC.B remaining buffer, ESC.E error, ESC.O status, ESC.L buffer size, ESC.J abort a
 * device-control instruction, ESC.K abort graphic instructions, i.e. discard what is buffered, ESC.R reset). The
 * Desk writes ESC.K and ESC.R after a stop; a file may carry the others. Named `ESC.K` etc. for the readers.
 */
export const DEVICE_CONTROL = new Set(['B', 'E', 'O', 'L', 'J', 'K', 'R']);

export class CommandSplitter {
  private pending = '';
  private pendingAt = 0;
  private consumed = 0;

  constructor(
    private readonly language: string,
    private readonly onCommand: (c: Command) => void,
  ) {}

  feed(text: string): void {
    this.pending += text;
    let start = 0;
    for (;;) {
      const semi = this.pending.indexOf(';', start);
      const esc = this.pending.indexOf(ESC, start);
      if (esc >= 0 && (semi < 0 || esc < semi)) {
        // A device-control instruction (ESC . letter) sits between commands, outside the `;` stream.
        if (esc + 2 >= this.pending.length) break; // the rest comes with the next chunk
        const at = this.pendingAt + esc;
        const letter = this.pending[esc + 2]!;
        if (this.pending[esc + 1] !== '.' || !DEVICE_CONTROL.has(letter))
          throw new CommandError(
            `Unknown ${this.language} device-control instruction at byte ${at} (we take ESC.${[...DEVICE_CONTROL].join(', ESC.')}).`,
            at,
          );
        // Abort and reset clear the buffer: a command cut short before them is dropped, not run. Any other
        // instruction inside a command is refused (we do not splice commands back together).
        if (letter !== 'K' && letter !== 'R' && this.pending.slice(start, esc).trim() !== '')
          throw new CommandError(
            `Malformed ${this.language} command "${clip(this.pending.slice(start, esc).trim())}" at byte ${this.pendingAt + start}: ESC.${letter} came inside it.`,
            this.pendingAt + start,
          );
        this.onCommand({ name: `ESC.${letter}`, args: [], at });
        start = esc + 3;
        continue;
      }
      if (semi < 0) break;
      this.handle(this.pending.slice(start, semi), this.pendingAt + start);
      start = semi + 1;
    }
    this.pending = this.pending.slice(start);
    this.pendingAt += start;
    this.consumed += text.length;
  }

  /** The stream ended: a last command without `;` still counts. */
  end(): void {
    if (this.pending.trim() !== '') this.handle(this.pending, this.pendingAt);
    this.pending = '';
  }

  get bytes(): number {
    return this.consumed;
  }

  private handle(raw: string, at: number): void {
    const text = raw.replace(/[\r\n\t ]+/g, ' ').trim();
    if (text === '') return;
    const m = /^(\^?!?[A-Z]{1,2})\s*(.*)$/i.exec(text);
    if (m === null)
      throw new CommandError(`Malformed ${this.language} command "${clip(text)}" at byte ${at}.`, at);
    const name = m[1]!.toUpperCase();
    const rest = m[2]!.trim();
    const args: number[] = [];
    if (rest !== '')
      for (const part of rest.split(/\s*,\s*|\s+/)) {
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(part))
          throw new CommandError(
            `Malformed ${this.language} command "${clip(text)}" at byte ${at}: "${clip(part)}" is not a number.`,
            at,
          );
        args.push(Number(part));
      }
    this.onCommand({ name, args, at });
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
