import { describe, expect, it } from 'vitest';
import { classifyLine, unprintable } from '../../../main/machines/firmware-config.js';

/** How the gate reads one console line: as the controller will, spaces, case, comments, line numbers and all. */
describe('console line classification', () => {
  const grbl = (text: string) => classifyLine('grbl', text);
  const marlin = (text: string) => classifyLine('marlin', text);

  it('Grbl: every $…= but the jog writes firmware settings, however it is spelled', () => {
    for (const [text, word] of [
      ['$130=300', '$130='],
      ['$ 130 = 300', '$130='],
      ['$RST=*', '$RST='],
      ['$rst=$', '$RST='],
      ['$RST=#', '$RST='],
      ['$I=my router', '$I='],
      ['$N0=G0 X100', '$N0='],
      ['$N1=M3 S1000 (spindle on at start)', '$N1='],
      ['$100=80 ; steps per mm', '$100='],
    ] as const) {
      expect(grbl(text), text).toMatchObject({ kind: 'command', config: word });
    }
    expect(grbl('$J=G91 X10 F1000')).toMatchObject({ kind: 'command', config: null });
  });

  it('Grbl: reports are open, stops are open, everything else is a command', () => {
    for (const text of ['$', '$$', '$#', '$G', '$i', '$N', '?']) expect(grbl(text).kind, text).toBe('query');
    expect(grbl('!').kind).toBe('stop');
    for (const text of ['$X', '$H', '$C', '$SLP', 'G0 X150 Y150 F6000', '$G ~', '$$!', 'M3 S1000', '~'])
      expect(grbl(text), text).toMatchObject({ kind: 'command', config: null });
    // A comment cannot hide a command, nor make one: what is judged is what is written.
    expect(grbl('(just a report) $G').kind).toBe('query');
    expect(grbl('$G (then $130=1)').kind).toBe('query');
  });

  it('Marlin: EEPROM and tuning writes are configuration; slicer runtime limits are not', () => {
    for (const [text, word] of [
      ['M500', 'M500'],
      ['M502', 'M502'],
      ['M501', 'M501'],
      ['M92 E93', 'M92'],
      ['M301 P22.2 I1.08 D114', 'M301'],
      ['M303 E0 S210 C8', 'M303'],
      ['M304 P1', 'M304'],
      ['M851 Z-1.2', 'M851'],
      ['m906 x800', 'M906'],
      ['M 500', 'M500'],
      ['N12 M500*57', 'M500'],
      ['M302 P1', 'M302'],
      ['M211 S0', 'M211'],
      ['M42 P8 S255', 'M42'],
      ['M149 K', 'M149'],
      ['M117 M500', 'M500'],
    ] as const) {
      expect(marlin(text), text).toMatchObject({ kind: 'command', config: word });
    }
    for (const text of [
      'M201 X1000',
      'M203 X200',
      'M204 P800',
      'M205 X8',
      'M220 S90',
      'M900 K0.05',
      'G28',
      'G29',
    ])
      expect(marlin(text), text).toMatchObject({ kind: 'command', config: null });
  });

  it('Marlin: reports and stops are open only when they are the whole line', () => {
    for (const text of ['M105', 'M114', 'M115', 'M119', 'M503', 'M503 S0', 'm105', 'N3 M105*1'])
      expect(marlin(text).kind, text).toBe('query');
    expect(marlin('M112').kind).toBe('stop');
    expect(marlin('M410').kind).toBe('stop');
    for (const text of ['M105 M104 S300', 'M108', 'M876 S0', 'T1', 'M503 M500'])
      expect(marlin(text).kind, text).toBe('command');
  });

  it('Marlin: every heater target in a line is read, S, R and the AUTOTEMP ceiling B', () => {
    expect(marlin('M104 S205.5').heat).toEqual([{ heater: 'hotend', celsius: 205.5, word: 'M104 S205.5' }]);
    expect(marlin('M109 R260').heat).toEqual([{ heater: 'hotend', celsius: 260, word: 'M109 R260' }]);
    expect(marlin('m140 s60').heat).toEqual([{ heater: 'bed', celsius: 60, word: 'M140 S60' }]);
    expect(marlin('M190 S100').heat[0]).toMatchObject({ heater: 'bed', celsius: 100 });
    expect(marlin('M141 S50').heat[0]).toMatchObject({ heater: 'chamber', celsius: 50 });
    expect(marlin('M104 T0 S210 B290 F1').heat.map((h) => h.celsius)).toEqual([210, 290]);
    expect(marlin('M104 S200 M140 S120').heat.map((h) => [h.heater, h.celsius])).toEqual([
      ['hotend', 200],
      ['bed', 120],
    ]);
    expect(marlin('M104 I1')).toMatchObject({ unreadableHeat: 'M104', heat: [] });
    expect(marlin('M104 S300 ; off soon').heat[0]).toMatchObject({ celsius: 300 });
    expect(grbl('M104 S300').heat).toEqual([]);
  });

  it('the console takes one line of printable ASCII only', () => {
    expect(unprintable('G0 X10 (fine) ; ok')).toBeNull();
    expect(unprintable('G0 X1\n$RST=*')).toContain('U+000A');
    expect(unprintable('G0\u00a0X1')).toContain('U+00A0');
    expect(unprintable('\u0018')).toContain('U+0018');
    expect(unprintable('G0 X1 \u0085')).toContain('U+0085');
  });
});
