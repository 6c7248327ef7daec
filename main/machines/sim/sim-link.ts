import { WriteCounter, type Link, type LinkOpener } from '../link.js';
import { GrblSim, type GrblSimOptions } from './grbl-sim.js';
import { MarlinSim, type MarlinSimOptions } from './marlin-sim.js';

/**
 * "Simulated machine" in the app: the simulated firmware in this process, behind the same Link interface a serial
 * port has, so the session, streamer and UI run exactly as for a USB machine (without needing socat). Motion runs
 * at a tenth of real time so a demo job is lively but watchable; the printer's moves take their length at their feed
 * (a perimeter of the demo mask frame, 240 mm at 30 mm/s, takes 0.8 s), so its toolpath advances visibly.
 */
export function simulatedLinkOpener(
  firmware: 'grbl' | 'marlin',
  options: GrblSimOptions | MarlinSimOptions = {},
): LinkOpener {
  return (path, _baud, handlers) => {
    let open = true;
    const counter = new WriteCounter();
    const deliver = (data: Buffer) => {
      if (open) setImmediate(() => open && handlers.onData(data));
    };
    const settings = { timeScale: 0.1, ...options };
    const sim =
      firmware === 'grbl'
        ? new GrblSim(deliver, settings)
        : new MarlinSim(deliver, { heatRate: 25, feedTimed: true, ...settings });
    sim.boot();
    const link: Link = {
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
        if (counter.admit(open, data.length)) sim.receive(data);
      },
      close() {
        open = false;
        sim.close();
        return Promise.resolve();
      },
    };
    return Promise.resolve(link);
  };
}
