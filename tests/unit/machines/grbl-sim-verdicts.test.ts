import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { GrblSim } from '../../../main/machines/sim/grbl-sim.js';

/**
 * The simulated Grbl answers each line as Grbl 1.1 (default build) does: `ok` or the same `error:N`. Expected codes
 * are worked out by hand from Grbl's rules (its documented error list and the order its parser checks a block), not
 * taken from the simulator.
 */

const sims: GrblSim[] = [];
afterEach(() => {
  for (const s of sims.splice(0)) s.close();
});

interface Rig {
  sim: GrblSim;
  /** Sends one line and returns every line the controller wrote back until it answered it (or went quiet). */
  send: (line: string) => Promise<string[]>;
  /** Sends one line and returns only its verdict: 'ok', 'error:N', or '' when nothing answered. */
  verdict: (line: string) => Promise<string>;
  raw: (bytes: Buffer) => Promise<string[]>;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i += 1) await new Promise((r) => setImmediate(r));
}

function rig(): Rig {
  const lines: string[] = [];
  let partial = '';
  const sim = new GrblSim((data) => {
    partial += data.toString('latin1');
    const parts = partial.split('\r\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  sims.push(sim);
  const raw = async (bytes: Buffer) => {
    const from = lines.length;
    sim.receive(bytes);
    await settle();
    return lines.slice(from);
  };
  const send = (line: string) => raw(Buffer.from(`${line}\n`, 'latin1'));
  const verdict = async (line: string) => {
    const out = await send(line);
    return out.find((l) => l === 'ok' || l.startsWith('error:')) ?? '';
  };
  return { sim, send, verdict, raw };
}

async function verdictAfter(setup: string[], line: string): Promise<string> {
  const r = rig();
  for (const s of setup) expect(await r.verdict(s), `setup line ${s}`).toBe('ok');
  return r.verdict(line);
}

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/files/${name}`, import.meta.url)), 'latin1');

/**
 * The G-code files in tests/fixtures/files meant for a Grbl machine (CNC routers, lasers, plasma), each run from a
 * fresh controller at machine zero with soft limits off (Grbl's default). Line numbers are 1-based; every line not
 * listed must be answered `ok`.
 */
const FILES: Record<string, Record<number, { code: number; why: string }>> = {
  'arc-no-plane.nc': {},
  'arc-r.nc': {
    2: {
      code: 22,
      why: 'G02 alone: a feed move and no F was ever given (the feed check comes before axis words)',
    },
    4: { code: 36, why: 'still in G0 (line 2 failed), so the R word is used by nothing' },
    6: { code: 22, why: 'G03 alone: no feed rate' },
    8: { code: 36, why: 'still in G0, so R is unused' },
  },
  'coordinate.nc': {},
  'g92offset.nc': { 28: { code: 26, why: 'G92 with no axis words' } },
  'units.nc': {},
  'arc-xy-plane.gcode': {},
  'arc-xz-plane.gcode': {},
  'arc-yz-plane.gcode': {},
  'circle-inch.gcode': {},
  'full-circle-without-xyz.gcode': {
    4: { code: 26, why: 'G2 with only J: an arc needs axis words' },
    10: { code: 26, why: 'G2 with only I' },
    16: { code: 26, why: 'G2 with only I' },
  },
  'helical-thread-milling.gcode': { 5: { code: 20, why: 'G42 cutter compensation is not supported' } },
  'laserweb-style_jsdc-laser.gcode': {},
  'mach3_plasma_inch.gcode': {
    13: { code: 20, why: 'M900 (Mach3 macro) is not a Grbl command' },
    15: { code: 20, why: 'G31 (Mach3 probe) is not a Grbl command' },
    21: { code: 20, why: 'M11 is not a Grbl command' },
    34: { code: 20, why: 'M10 is not a Grbl command' },
    40: { code: 20, why: 'M900' },
    42: { code: 20, why: 'G31' },
    48: { code: 20, why: 'M11' },
    54: {
      code: 34,
      why: 'R0.255 cannot join (3.59,1.745) to (4.1,2.255): the chord is 0.721 in, the diameter 0.51 in',
    },
    55: {
      code: 33,
      why: 'line 54 failed, so the tool is already at X3.59 Y1.745: an R arc to where it stands',
    },
    57: { code: 20, why: 'M10' },
  },
  'spaces.gcode': {},
};

describe('the simulated Grbl gives Grbl 1.1’s verdict on every line of the Grbl files in the fixtures', () => {
  for (const [name, expected] of Object.entries(FILES)) {
    it(name, async () => {
      const r = rig();
      const lines = fixture(name).split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop();
      const got: Record<number, string> = {};
      for (let i = 0; i < lines.length; i += 1) got[i + 1] = await r.verdict(lines[i]!);
      const want: Record<number, string> = {};
      for (let i = 1; i <= lines.length; i += 1) {
        const e = expected[i];
        want[i] = e === undefined ? 'ok' : `error:${e.code}`;
      }
      expect(got).toEqual(want);
    });
  }
});

/** One row per code: what to send first (all `ok`), the line, and a neighbour on the other side of the rule. */
const CODES: { code: number; name: string; setup?: string[]; line: string; passes: string }[] = [
  {
    code: 1,
    name: 'a character that is not a letter where a word starts',
    line: 'G0 X1 *5',
    passes: 'G0 X1 Y5',
  },
  { code: 1, name: 'spaces do not separate words: `X1 2` is X12', line: 'G0 X1 2.5.', passes: 'G0 X1 2.5' },
  { code: 1, name: 'a second decimal point', line: 'G0 X1.2.3', passes: 'G0 X1.23' },
  { code: 2, name: 'a letter with no number', line: 'G0 X', passes: 'G0 X0' },
  { code: 2, name: 'a setting with no number', line: '$Z', passes: '$0=10' },
  { code: 3, name: 'an unknown setting', line: '$7=1', passes: '$6=1' },
  { code: 3, name: 'a setting without =', line: '$10', passes: '$10=1' },
  { code: 3, name: 'axis setting beyond Z', line: '$103=10', passes: '$102=10' },
  { code: 4, name: 'a negative feed', line: 'G1 X1 F-5', passes: 'G1 X1 F5' },
  { code: 4, name: 'a negative setting', line: '$110=-1', passes: '$110=0' },
  { code: 5, name: 'homing when $22=0', setup: ['$22=0'], line: '$H', passes: '$22=1' },
  { code: 6, name: 'step pulse under 3 µs', line: '$0=2', passes: '$0=3' },
  { code: 10, name: 'soft limits without homing', setup: ['$22=0'], line: '$20=1', passes: '$20=0' },
  {
    code: 11,
    name: 'a line of 80 characters once spaces and comments are removed',
    line: `G0X${'1'.repeat(77)}`,
    passes: `G0 X${'0'.repeat(76)} (79)`, // spaces and the comment do not count
  },
  {
    code: 15,
    name: 'a jog past soft limits',
    setup: ['$20=1'],
    line: '$J=X-200.001 F100',
    passes: '$J=X-200 F100',
  },
  { code: 16, name: 'a jog with a motion word', line: '$J=G1 X1 F100', passes: '$J=G91 X1 F100' },
  { code: 20, name: 'an unsupported G word', line: 'G41 D1', passes: 'G40' },
  { code: 20, name: 'M7 (off in the default build)', line: 'M7', passes: 'M8' },
  { code: 20, name: 'a letter Grbl does not know (E)', line: 'G1 X1 E2 F100', passes: 'G1 X1 F100' },
  { code: 20, name: 'G38.1', line: 'G38.1 Z-1 F10', passes: 'G38.3 Z-1 F10' },
  { code: 21, name: 'two plane words', line: 'G17 G18', passes: 'G17 G21' },
  { code: 21, name: 'G80 and G0 (one motion group)', line: 'G80 G0', passes: 'G80' },
  { code: 21, name: 'two spindle words', line: 'M3 M5', passes: 'M3 M9' },
  { code: 22, name: 'G1 with no feed ever set', line: 'G1 X1', passes: 'G0 X1' },
  { code: 22, name: 'G93 inverse time without F', setup: ['G93'], line: 'G1 X1', passes: 'G1 X1 F2' },
  { code: 22, name: 'a jog without F', line: '$J=X1', passes: '$J=X1 F10' },
  { code: 23, name: 'G1.5', line: 'G1.5 X1 F1', passes: 'G1 X1 F1' },
  { code: 23, name: 'G59.1', line: 'G59.1', passes: 'G59' },
  { code: 24, name: 'G92 and G0 both want the axis words', line: 'G92 G0 X1', passes: 'G92 X1' },
  {
    code: 24,
    name: 'G0 G1: Grbl sees two axis commands before it sees one group',
    line: 'G0 G1 X1 F10',
    passes: 'G1 X1 F10',
  },
  { code: 25, name: 'X twice', line: 'G0 X1 X2', passes: 'G0 X1 Y2' },
  { code: 26, name: 'G92 without axis words', line: 'G92', passes: 'G92 Z0' },
  { code: 26, name: 'G10 L2 without axis words', line: 'G10 L2 P1', passes: 'G10 L2 P1 X0' },
  { code: 27, name: 'a line number over 10,000,000', line: 'N10000001 G0 X1', passes: 'N10000000 G0 X1' },
  { code: 28, name: 'G4 without P', line: 'G4', passes: 'G4 P0.1' },
  { code: 28, name: 'G10 without P or L', line: 'G10 X1', passes: 'G10 L20 X1' },
  { code: 29, name: 'G10 P7: only six work systems', line: 'G10 L2 P7 X1', passes: 'G10 L2 P6 X1' },
  {
    code: 30,
    name: 'G53 while in G2',
    setup: ['G1 X1 F100', 'G2 X2 I0.5'],
    line: 'G53 X1',
    passes: 'G53 G1 X1',
  },
  { code: 31, name: 'axis words with G80', line: 'G80 X1', passes: 'G80' },
  { code: 32, name: 'a G17 arc with only Z', setup: ['F100'], line: 'G2 Z1 I1', passes: 'G2 X2 I1' },
  {
    code: 33,
    name: 'an R arc to where the tool stands',
    setup: ['F100'],
    line: 'G2 X0 R5',
    passes: 'G2 X1 R5',
  },
  {
    code: 33,
    name: 'an I/J arc whose end is 0.5 mm off the circle',
    setup: ['F100'],
    line: 'G2 X10.51 I5',
    passes: 'G2 X10.004 I5',
  },
  { code: 33, name: 'a probe to where it stands', setup: ['F100'], line: 'G38.3 Z0', passes: 'G38.3 Z-1' },
  {
    code: 34,
    name: 'an R smaller than half the chord',
    setup: ['F100'],
    line: 'G2 X10 R4.999',
    passes: 'G2 X10 R5',
  },
  {
    code: 35,
    name: 'an offset arc with only K in G17',
    setup: ['F100'],
    line: 'G2 X10 K5',
    passes: 'G2 X10 I5',
  },
  { code: 36, name: 'P on a plain move', line: 'G0 X1 P2', passes: 'G4 P2' },
  { code: 36, name: 'I/J with an R arc', setup: ['F100'], line: 'G2 X10 R5 I5', passes: 'G2 X10 R5' },
  { code: 37, name: 'G43.1 on X', line: 'G43.1 X1', passes: 'G43.1 Z1' },
  { code: 38, name: 'tool 256', line: 'T256', passes: 'T255' },
];

describe('each Grbl error code, on both sides of its rule', () => {
  for (const row of CODES) {
    it(`error:${row.code} — ${row.name}`, async () => {
      expect(await verdictAfter(row.setup ?? [], row.line)).toBe(`error:${row.code}`);
      expect(await verdictAfter(row.setup ?? [], row.passes)).toBe('ok');
    });
  }

  it('error:8 — settings and $C are refused while a job runs; error:9 — G-code is locked in Alarm', async () => {
    const r = rig();
    r.sim.state = 'Run';
    expect(await r.verdict('$10=1')).toBe('error:8');
    expect(await r.verdict('$C')).toBe('error:8');
    expect(await r.verdict('$$')).toBe('error:8');
    r.sim.state = 'Alarm';
    expect(await r.verdict('G0 X1')).toBe('error:9');
    expect(await r.verdict('$X')).toBe('ok');
    expect(await r.verdict('G0 X1')).toBe('ok');
  });

  it('a refused block changes nothing: modes, offsets and position stay as they were', async () => {
    const r = rig();
    expect(await r.verdict('G20 G91 G0 X1')).toBe('ok');
    const before = (await r.send('$G'))[0];
    expect(await r.verdict('G21 G90 G0 X1 X2')).toBe('error:25');
    expect((await r.send('$G'))[0]).toBe(before);
    expect(r.sim.parser.position[0]).toBeCloseTo(25.4, 9);
  });
});

describe('soft limits ($20=1): a G-code target past the travel is ALARM:2, as in Grbl, not an error code', () => {
  it('stops, reports ALARM:2 and answers nothing more until a soft reset; the boundary itself is allowed', async () => {
    const r = rig();
    expect(await r.verdict('$20=1')).toBe('ok');
    expect(await r.verdict('G0 X-200 Y-200 Z-200')).toBe('ok'); // exactly the travel ($130–$132 = 200)
    expect(await r.verdict('G0 X0 Y0 Z0')).toBe('ok');
    const out = await r.send('G0 X0.001');
    expect(out).toEqual(['ALARM:2', '[MSG:Reset to continue]']);
    expect(await r.send('G0 X-1')).toEqual([]);
    expect(await r.raw(Buffer.from('?'))).toEqual([]);
    const reset = await r.raw(Buffer.from([0x18]));
    expect(reset).toContain("Grbl 1.1h ['$' for help]");
    expect(reset).toContain("[MSG:'$H'|'$X' to unlock]");
    expect(r.sim.accepted).not.toContain('G0 X0.001');
  });

  it('an arc that bulges past the limit is caught although both ends are inside', async () => {
    const r = rig();
    expect(await r.verdict('$20=1')).toBe('ok');
    expect(await r.verdict('G0 X-10 Y-1')).toBe('ok');
    // A half circle from about X-6, Y-1: counter-clockwise from the left goes below (Y-5), clockwise goes above (Y+3).
    expect(await r.verdict('G3 X-2 Y-1 I4 F100')).toBe('ok');
    expect(await r.send('G3 X-10 Y-1 I-4')).toEqual(['ALARM:2', '[MSG:Reset to continue]']);
  });

  it('with soft limits off (the default) the same target is simply run', async () => {
    expect(await verdictAfter([], 'G0 X5')).toBe('ok');
  });
});
