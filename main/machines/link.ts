import { SerialPort } from 'serialport';

export interface LinkHandlers {
  onData(data: Buffer): void;
  /** The port closed: `lost` when it went away under us (unplugged, powered off, pty killed). */
  onClose(lost: boolean, reason: string): void;
}

/** A byte pipe to a machine. Once closed it refuses every write and counts the refusals (a test checks zero). */
export interface Link {
  readonly path: string;
  readonly open: boolean;
  write(data: Buffer): void;
  readonly bytesWritten: number;
  readonly refusedWrites: number;
  close(): Promise<void>;
}

export type LinkOpener = (path: string, baud: number, handlers: LinkHandlers) => Promise<Link>;

/**
 * What a link counts, kept in one place for the real port and the simulated one alike: bytes written, and writes
 * refused because the link had closed (the unplug tests read that no write was attempted after a loss).
 */
export class WriteCounter {
  bytesWritten = 0;
  refusedWrites = 0;

  /** Whether a write of `bytes` may go out now; counts it either way. */
  admit(open: boolean, bytes: number): boolean {
    if (!open) {
      this.refusedWrites += 1;
      return false;
    }
    this.bytesWritten += bytes;
    return true;
  }
}

/**
 * Whether a port's 'close' means the machine went away. Any close we did not ask for is a loss, flagged or not
 * (a pty whose other end died, a driver that closes without saying why); a close we asked for is a loss only when
 * serialport says the device vanished meanwhile (`disconnected`: pulled while we were disconnecting).
 */
export function closeWasLoss(
  weAreClosing: boolean,
  error: { disconnected?: boolean } | null | undefined,
): boolean {
  return !weAreClosing || error?.disconnected === true;
}

/**
 * Opens a serial port with the real `serialport` (a USB machine or a pseudo-terminal: both are just a path).
 * Errors become sentences a person can act on.
 */
export const openSerialLink: LinkOpener = (path, baud, handlers) =>
  new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
    let open = false;
    let closing = false;
    const counter = new WriteCounter();
    port.on('data', (data: Buffer) => handlers.onData(data));
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      const wasOpen = open;
      open = false;
      if (!wasOpen) return;
      const lost = closeWasLoss(closing, error);
      handlers.onClose(
        lost,
        lost ? 'The connection to the machine was lost (unplugged or switched off).' : 'Disconnected.',
      );
    });
    // A write error on a vanishing port is followed by 'close'; the listener keeps it from becoming an uncaught exception.
    port.on('error', () => undefined);
    port.open((error) => {
      if (error) {
        reject(
          new Error(
            `Could not open ${path}: ${error.message}. Check the cable, the path, and that no other program has the port open.`,
          ),
        );
        return;
      }
      open = true;
      resolve({
        path,
        get open() {
          return open;
        },
        get bytesWritten() {
          return counter.bytesWritten;
        },
        get refusedWrites() {
          return counter.refusedWrites;
        },
        write(data) {
          if (!counter.admit(open, data.length)) return;
          port.write(data, (error) => {
            // A write into a vanished device fails (EIO) even when no close event comes: treat it as unplugged.
            if (error && open) {
              open = false;
              handlers.onClose(true, 'The connection to the machine was lost (unplugged or switched off).');
              port.close(() => undefined);
            }
          });
        },
        close: () =>
          new Promise<void>((done) => {
            if (!open) {
              done();
              return;
            }
            closing = true;
            // Bytes written last (a soft reset on the way out) must reach the machine before the port closes:
            // closing at once could drop them. A drain that fails (the device is gone) still closes.
            port.drain(() => port.close(() => done()));
          }),
      });
    });
  });

/** Ports the operating system lists. Pseudo-terminals are never listed: the UI and CLI also accept a typed path. */
export async function listSerialPorts(): Promise<
  { path: string; manufacturer: string | null; serialNumber: string | null }[]
> {
  const ports = (await SerialPort.list()) as { path: string; manufacturer?: string; serialNumber?: string }[];
  return ports.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer ?? null,
    serialNumber: p.serialNumber ?? null,
  }));
}
