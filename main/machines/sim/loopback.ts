import { LineSplitter } from '../line-splitter.js';
import { GrblStreamer, type GrblStreamerOptions } from '../streamer/grbl-streamer.js';
import { MarlinStreamer, type MarlinStreamerOptions } from '../streamer/marlin-streamer.js';
import { wireBytes, type StreamerListener } from '../streamer/types.js';
import { GrblSim, type GrblSimOptions } from './grbl-sim.js';
import { MarlinSim, type MarlinSimOptions } from './marlin-sim.js';

/**
 * A streamer wired straight to a simulated firmware in the same process, with a real line splitter and the
 * simulator's paced wire in between, but no pseudo-terminal: for fast tests and for the benchmark's baselines.
 * `tick` runs on a real timer, like a session's.
 */
export function grblLoopback(
  sim: GrblSimOptions = {},
  listener: StreamerListener = {},
  options: GrblStreamerOptions = {},
) {
  let streamer: GrblStreamer | null = null;
  const splitter = new LineSplitter((line) => streamer?.onLine(line));
  const firmware = new GrblSim((data) => splitter.push(data), sim);
  streamer = new GrblStreamer(
    { write: (data) => firmware.receive(wireBytes(data)), now: () => performance.now() },
    listener,
    options,
  );
  const timer = setInterval(() => streamer.tick(), 50);
  return {
    firmware,
    streamer,
    close() {
      clearInterval(timer);
      firmware.close();
    },
  };
}

export function marlinLoopback(
  sim: MarlinSimOptions = {},
  listener: StreamerListener = {},
  options: MarlinStreamerOptions = {},
) {
  let streamer: MarlinStreamer | null = null;
  const splitter = new LineSplitter((line) => streamer?.onLine(line));
  const firmware = new MarlinSim((data) => splitter.push(data), sim);
  streamer = new MarlinStreamer(
    { write: (data) => firmware.receive(wireBytes(data)), now: () => performance.now() },
    listener,
    options,
  );
  const timer = setInterval(() => streamer.tick(), 50);
  return {
    firmware,
    streamer,
    close() {
      clearInterval(timer);
      firmware.close();
    },
  };
}
