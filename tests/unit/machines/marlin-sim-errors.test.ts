import { afterEach, describe, expect, it } from 'vitest';
import { MarlinSim } from '../../../main/machines/sim/marlin-sim.js';

/** The simulated Marlin's common complaints, worded as Marlin 2.1 words them (and, like Marlin, still followed by ok). */

const sims: MarlinSim[] = [];
afterEach(() => {
  for (const s of sims.splice(0)) s.close();
});

function rig(): { sim: MarlinSim; send: (line: string) => Promise<string[]> } {
  const lines: string[] = [];
  let partial = '';
  const sim = new MarlinSim((data) => {
    partial += data.toString('latin1');
    const parts = partial.split(/\r?\n/);
    partial = parts.pop()!;
    lines.push(...parts);
  });
  sims.push(sim);
  const send = async (line: string) => {
    const from = lines.length;
    sim.receive(Buffer.from(`${line}\n`, 'latin1'));
    for (let i = 0; i < 4; i += 1) await new Promise((r) => setImmediate(r));
    return lines.slice(from).filter((l) => !l.startsWith(' T:') && !l.startsWith('echo:busy'));
  };
  return { sim, send };
}

describe('the simulated Marlin refuses what Marlin refuses', () => {
  it('answers Unknown command for a code its configuration lacks, and nothing extra for one it has', async () => {
    const { send } = rig();
    expect(await send('M73 P10')).toEqual(['echo:Unknown command: "M73 P10"', 'ok']); // SET_PROGRESS_MANUALLY is off
    expect(await send('G42 I1 J1')).toEqual(['echo:Unknown command: "G42 I1 J1"', 'ok']); // no mesh
    expect(await send('X10 Y10')).toEqual(['echo:Unknown command: "X10 Y10"', 'ok']);
    expect(await send('M107')).toEqual(['ok']);
    expect(await send('G21')).toEqual(['ok']); // accepted without inch mode, as Marlin does
    expect(await send('T0')).toEqual(['ok']);
  });

  it('prevents a cold extrusion below 170 °C and lets it through at 170 °C', async () => {
    const { sim, send } = rig();
    sim.heaters.T.actual = 169.9;
    sim.heaters.T.target = 169.9;
    expect(await send('G1 X5 E1 F600')).toEqual(['echo: cold extrusion prevented', 'ok']);
    expect(await send('G1 X6 F600')).toEqual(['ok']); // no E: nothing to prevent
    expect(await send('G1 X7 E1 F600')).toEqual(['ok']); // absolute E already at 1: no extrusion
    sim.heaters.T.actual = 170;
    sim.heaters.T.target = 170;
    expect(await send('G1 X8 E2 F600')).toEqual(['ok']);
  });

  it('M302 P1 allows cold extrusion and reports it; M302 S0 sets the floor to zero', async () => {
    const { send } = rig();
    expect(await send('M302')).toEqual(['echo:Cold extrudes are disabled (min temp 170C)', 'ok']);
    expect(await send('M302 P1')).toEqual(['ok']);
    expect(await send('M302')).toEqual(['echo:Cold extrudes are enabled (min temp 170C)', 'ok']);
    expect(await send('M83')).toEqual(['ok']);
    expect(await send('G1 E5 F300')).toEqual(['ok']);
  });

  it('prevents a single extrusion longer than 200 mm (relative E), 200 mm itself runs', async () => {
    const { sim, send } = rig();
    sim.heaters.T.actual = 210;
    sim.heaters.T.target = 210;
    expect(await send('M83')).toEqual(['ok']);
    expect(await send('G1 E200 F300')).toEqual(['ok']);
    expect(await send('G1 E200.1 F300')).toEqual(['echo: too long extrusion prevented', 'ok']);
    expect(await send('M82')).toEqual(['ok']);
    expect(await send('G92 E0')).toEqual(['ok']);
    expect(await send('G1 E-200.5 F300')).toEqual(['echo: too long extrusion prevented', 'ok']);
  });
});
