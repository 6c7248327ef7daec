import { afterEach, describe, expect, it } from 'vitest';
import { MarlinSim } from '../../../main/machines/sim/marlin-sim.js';

let sim: MarlinSim | undefined;
afterEach(() => sim?.close());

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the simulated Marlin heaters', () => {
  it('stay at room temperature when off instead of cooling towards 0 °C', async () => {
    sim = new MarlinSim(() => undefined);
    await settle(300);
    expect(sim.heaters.T.actual).toBe(21);
    expect(sim.heaters.B.actual).toBe(21);
  });

  it('heat to a target and cool back to room temperature when turned off', async () => {
    sim = new MarlinSim(() => undefined, { heatRate: 1000 });
    sim.heaters.T.target = 60;
    await settle(300);
    expect(sim.heaters.T.actual).toBe(60);
    sim.heaters.T.target = 0;
    await settle(300);
    expect(sim.heaters.T.actual).toBe(21);
  });
});
