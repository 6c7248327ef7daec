import { openSerialLink, type Link } from '../link.js';
import { GrblSim, type GrblSimOptions } from './grbl-sim.js';
import { MarlinSim, type MarlinSimOptions } from './marlin-sim.js';
import { openPtyPair, type PtyPair } from './pty.js';

export type SimFirmware = 'grbl' | 'marlin';

export interface SimulatedMachine {
  firmware: SimFirmware;
  /** The path a host opens, exactly like a USB machine's. */
  path: string;
  pty: PtyPair;
  sim: GrblSim | MarlinSim;
  /** Pulls the plug: socat dies and both ends see the port close. */
  unplug(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs a simulated firmware behind a real pseudo-terminal: socat makes the pair, the simulator opens its end with
 * the real `serialport`, and whoever opens `path` talks to it as to a machine on a USB cable. Given `ptyDir`,
 * the path is `<ptyDir>/machine` and survives an unplug: a second machine started there is the same cable
 * plugged back in (a freshly booted controller at the path the host knows).
 */
export async function startSimulatedMachine(
  firmware: SimFirmware,
  options: GrblSimOptions | MarlinSimOptions = {},
  ptyDir?: string,
): Promise<SimulatedMachine> {
  const pty = await openPtyPair(ptyDir);
  let link: Link | null = null;
  let sim: GrblSim | MarlinSim | null = null;
  try {
    link = await openSerialLink(pty.simPath, 115200, {
      onData: (data) => sim?.receive(data),
      onClose: () => sim?.close(),
    });
    const out = link;
    const write = (data: Buffer) => out.write(data);
    sim = firmware === 'grbl' ? new GrblSim(write, options) : new MarlinSim(write, options);
  } catch (error) {
    await pty.kill();
    throw error;
  }
  const simulator = sim;
  const simLink = link;
  const unplug = async () => {
    simulator.close();
    await pty.kill();
  };
  simulator.onDisconnect = () => void unplug();
  simulator.boot();
  return {
    firmware,
    path: pty.hostPath,
    pty,
    sim: simulator,
    unplug,
    async close() {
      simulator.close();
      await simLink.close();
      await pty.kill();
    },
  };
}
