import { constants } from 'node:fs';
import { access, open, type FileHandle } from 'node:fs/promises';
import { SerialPort } from 'serialport';

/**
 * How a job reaches a Roland: bytes go in, nothing comes back (no position, no "ok"). Two ways:
 *
 * - a USB printer-class device file (`/dev/usb/lp0` on Linux, a printer share path on Windows): one job is one
 *   open … close of the file, and a write blocks while the machine's buffer is full, so progress is bytes the
 *   operating system took;
 * - RS-232 (MDX-15/20) at 9600 baud with hardware flow control: RTS/CTS by serialport's `rtscts`, or, on cables
 *   wired for DTR/DSR (serialport cannot do that flow control itself), the sender polls DSR before each chunk and
 *   waits while the machine holds it low.
 */
export interface ChunkSink {
  /** Resolves when the chunk was taken (by the OS for a device file, drained for a serial port). */
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface RolandTransport {
  readonly path: string;
  /** What `path` is, for the console: 'device file' or 'RS-232'. */
  readonly kind: 'device-file' | 'serial-flow';
  /** Opens the way in for one job. */
  openJob(): Promise<ChunkSink>;
  /** Bytes written since the transport was opened (jobs and abort sequences), and writes refused after it closed. */
  readonly bytesWritten: number;
  readonly refusedWrites: number;
  close(): Promise<void>;
}

function deviceError(path: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'there is no such device (is the machine on and plugged in?)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'the Desk may not write to it (on Linux, add the Desk’s user to the "lp" group)'
        : code === 'EBUSY'
          ? 'another program is using it'
          : error instanceof Error
            ? error.message
            : String(error);
  return new Error(`Could not write to ${path}: ${why}.`);
}

/**
 * A USB printer-class device file. Connecting checks that it exists and may be written (nothing is opened: opening
 * a printer port may wake the machine); each job opens it for writing only (never creating a file: a mistyped path
 * must not fill the disk with a job nobody cuts) and closes it at the end, which is what ends a job on the machine.
 */
export async function openDeviceFile(path: string): Promise<RolandTransport> {
  try {
    await access(path, constants.W_OK);
  } catch (error) {
    throw deviceError(path, error);
  }
  let open_ = true;
  let bytes = 0;
  let refused = 0;
  return {
    path,
    kind: 'device-file',
    get bytesWritten() {
      return bytes;
    },
    get refusedWrites() {
      return refused;
    },
    async openJob() {
      if (!open_) {
        refused += 1;
        throw new Error(`${path} is closed.`);
      }
      let fh: FileHandle;
      try {
        fh = await open(path, constants.O_WRONLY);
      } catch (error) {
        throw deviceError(path, error);
      }
      let closed = false;
      return {
        async write(chunk) {
          if (closed || !open_) {
            refused += 1;
            throw new Error(`${path} is closed.`);
          }
          let done = 0;
          while (done < chunk.length) {
            const { bytesWritten } = await fh.write(chunk, done, chunk.length - done);
            done += bytesWritten;
            bytes += bytesWritten;
          }
        },
        async close() {
          if (closed) return;
          closed = true;
          await fh.close();
        },
      };
    },
    close() {
      open_ = false;
      return Promise.resolve();
    },
  };
}

export interface SerialFlowOptions {
  baud: number;
  /** `rtscts` (most MDX cables) or `dsrdtr` (DSR polled before each chunk). */
  flow: 'rtscts' | 'dsrdtr';
  /** How long to wait between DSR polls while the machine holds it low. */
  pollMs?: number;
  wait?: (ms: number) => Promise<void>;
  /** Called once the port is open (tests read the options serialport was given). */
  onOpen?: (port: SerialPort) => void;
}

/** MDX-15/20 over RS-232: one port for the session, every job written through it with flow control. */
export async function openSerialFlow(path: string, options: SerialFlowOptions): Promise<RolandTransport> {
  const port = new SerialPort({
    path,
    baudRate: options.baud,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    rtscts: options.flow === 'rtscts',
    autoOpen: false,
  });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error
        ? reject(new Error(`Could not open ${path}: ${error.message}. Check the cable and the path.`))
        : resolve(),
    ),
  );
  options.onOpen?.(port);
  const wait = options.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let bytes = 0;
  let refused = 0;
  const dsrReady = (): Promise<boolean> =>
    new Promise((resolve, reject) =>
      port.get((error, status) =>
        error
          ? reject(
              new Error(`Could not read DSR on ${path} (${error.message}): is the cable wired for DTR/DSR?`),
            )
          : resolve(status?.dsr === true),
      ),
    );
  const sink: ChunkSink = {
    async write(chunk) {
      if (!port.isOpen) {
        refused += 1;
        throw new Error(`The connection to ${path} was lost.`);
      }
      if (options.flow === 'dsrdtr') while (!(await dsrReady())) await wait(options.pollMs ?? 50);
      await new Promise<void>((resolve, reject) =>
        port.write(chunk, (error) => (error ? reject(error) : port.drain(() => resolve()))),
      );
      bytes += chunk.length;
    },
    close: () => Promise.resolve(), // the port stays open for the next job
  };
  return {
    path,
    kind: 'serial-flow',
    get bytesWritten() {
      return bytes;
    },
    get refusedWrites() {
      return refused;
    },
    openJob: () => Promise.resolve(sink),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) resolve();
        else port.drain(() => port.close(() => resolve()));
      }),
  };
}
