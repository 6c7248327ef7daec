import { describe, expect, it } from 'vitest';
import { marlinNumbered } from '../../../main/machines/drivers/marlin.js';
import { MarlinStreamer } from '../../../main/machines/streamer/marlin-streamer.js';
import { arraySource, type JobOutcome } from '../../../main/machines/streamer/types.js';

function rig() {
  let now = 0;
  const writes: string[] = [];
  const outcomes: JobOutcome[] = [];
  const stalls: number[] = [];
  const streamer = new MarlinStreamer(
    { write: (d) => writes.push(typeof d === 'string' ? d : d.toString('latin1')), now: () => now },
    { onJobEnd: (o) => outcomes.push(o), onStall: (ms) => stalls.push(ms) },
  );
  const lines = () =>
    writes
      .join('')
      .split('\n')
      .filter((l) => l !== '');
  return {
    streamer,
    writes,
    outcomes,
    stalls,
    lines,
    advance(ms: number) {
      for (let t = 0; t < ms; t += 50) {
        now += 50;
        streamer.tick();
      }
    },
  };
}

const job = ['G28', 'G1 X10 F3000', 'G1 X20', 'G1 X30'];
const wire = (n: number) => marlinNumbered(n, ['M110 N0', ...job][n]!);

describe('Marlin streaming', () => {
  it('numbers every job line from N0 (M110) and keeps one in flight without ADVANCED_OK', () => {
    const r = rig();
    r.streamer.onLine('Cap:AUTOREPORT_TEMP:1');
    expect(r.lines()).toEqual(['M155 S1']);
    r.streamer.onLine('ok');
    r.writes.length = 0;
    r.streamer.startJob(arraySource(job));
    expect(r.lines()).toEqual([wire(0)]);
    r.streamer.onLine('ok');
    expect(r.lines().at(-1)).toBe(wire(1));
    for (let i = 0; i < 4; i += 1) r.streamer.onLine('ok');
    expect(r.lines().filter((l) => l.startsWith('N'))).toEqual([0, 1, 2, 3, 4].map(wire));
    expect(r.outcomes).toEqual([{ kind: 'completed' }]);
  });

  it('asks M115 again when the printer restarts before answering it (a board that resets as the port opens)', () => {
    const r = rig();
    r.streamer.identify();
    expect(r.lines()).toEqual(['M115']);
    r.streamer.onLine('start');
    // It waits a moment for an answer to the first (the restart may be old news), then asks again.
    const asked = () => r.lines().filter((l) => l === 'M115');
    r.advance(450);
    expect(asked()).toEqual(['M115']);
    r.advance(100);
    expect(asked()).toEqual(['M115', 'M115']);
    r.streamer.onLine('FIRMWARE_NAME:Marlin 2.1.2 SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin');
    r.streamer.onLine('ok');
    expect(r.streamer.identified).toBe(true);
    // Once identified, a restart asks nothing more.
    r.streamer.onLine('start');
    r.advance(1000);
    expect(asked()).toEqual(['M115', 'M115']);
  });

  it('a restart that was old output: the first M115 is answered within the moment, so the handshake happens once', () => {
    const r = rig();
    r.streamer.identify();
    r.streamer.onLine('start'); // clears what was in flight, the M115 among it
    r.advance(200);
    r.streamer.onLine('FIRMWARE_NAME:Marlin 2.1.2 SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin');
    r.streamer.onLine('Cap:AUTOREPORT_TEMP:1');
    r.streamer.onLine('ok'); // closes the first M115's answer: a stray that still identifies the printer
    expect(r.streamer.identified).toBe(true);
    r.advance(1000);
    expect(r.lines().filter((l) => l !== 'M105')).toEqual(['M115', 'M155 S1']);
  });

  it('when both M115s are answered (the restart was old output still in the pipe), the second ok frees nothing', () => {
    const r = rig();
    const reply = () => {
      r.streamer.onLine('FIRMWARE_NAME:Marlin 2.1.2 SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin');
      r.streamer.onLine('Cap:AUTOREPORT_TEMP:1');
      r.streamer.onLine('ok');
    };
    r.streamer.identify();
    r.streamer.onLine('start');
    r.advance(500); // no answer yet: asked again
    r.writes.length = 0;
    r.writes.push('M115\nM115\n');
    reply(); // answers the first M115
    expect(r.streamer.identified).toBe(true);
    expect(r.lines()).toEqual(['M115', 'M115', 'M155 S1']);
    reply(); // answers the second: its ok is not M155's, which is still in flight
    expect(r.lines()).toEqual(['M115', 'M115', 'M155 S1']);
    expect(r.streamer.inFlightCount).toBe(1);
    r.streamer.onLine('ok'); // M155 S1 (the second Cap line asked for it again)
    r.streamer.onLine('ok');
    expect(r.streamer.inFlightCount).toBe(0);
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('ok'); // N0
    expect(r.streamer.inFlightCount).toBe(1);
    expect(r.lines().at(-1)).toBe(wire(1));
  });

  it('sends a damaged line again from history and ignores the ok that follows Resend', () => {
    const r = rig();
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('ok'); // N0
    r.streamer.onLine('ok'); // N1
    expect(r.lines().at(-1)).toBe(wire(2));
    r.streamer.onLine('Error:checksum mismatch, Last Line: 1');
    r.streamer.onLine('Resend: 2');
    r.streamer.onLine('ok'); // belongs to no line
    expect(r.lines().slice(-2)).toEqual([wire(2), wire(2)]);
    r.streamer.onLine('ok');
    expect(r.lines().at(-1)).toBe(wire(3));
  });

  it('carries on after half a second when the firmware sends no ok after Resend', () => {
    const r = rig();
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('ok');
    r.streamer.onLine('Resend: 1');
    const count = r.lines().length;
    r.advance(300);
    expect(r.lines().length).toBe(count);
    r.advance(300);
    expect(r.lines().at(-1)).toBe(wire(1));
  });

  it('keeps several lines in flight once the firmware reports ADVANCED_OK, acknowledging by line number', () => {
    const r = rig();
    r.streamer.command('M115');
    r.streamer.onLine('FIRMWARE_NAME:Marlin 2.1.2');
    r.streamer.onLine('Cap:AUTOREPORT_TEMP:1');
    r.streamer.onLine('ok P15 B4');
    r.streamer.onLine('ok P15 B4'); // M155 S1
    expect(r.streamer.advancedOk).toBe(true);
    r.streamer.startJob(arraySource(job));
    expect(r.streamer.inFlightCount).toBe(4);
    r.streamer.onLine('ok N2 P14 B3');
    expect(r.streamer.inFlightCount).toBe(2);
    r.streamer.onLine('ok N4 P14 B4');
    expect(r.outcomes).toEqual([{ kind: 'completed' }]);
  });

  it('gives up on a line asked for ten times in a row with a sentence about the cable', () => {
    const r = rig();
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('ok');
    for (let i = 0; i < 11; i += 1) {
      r.streamer.onLine('Error:checksum mismatch, Last Line: 0');
      r.streamer.onLine('Resend: 1');
      r.streamer.onLine('ok');
    }
    expect(r.outcomes[0]).toMatchObject({ kind: 'failed', line: 1 });
    expect((r.outcomes[0] as { reason: string }).reason).toMatch(/cable/);
  });

  it('waits patiently through busy keep-alives, but reports a stall after 2 s of real silence', () => {
    const r = rig();
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('ok');
    for (let i = 0; i < 10; i += 1) {
      r.advance(1000);
      r.streamer.onLine('echo:busy: processing');
    }
    expect(r.stalls).toEqual([]);
    r.advance(5000);
    expect(r.stalls.length).toBe(1);
  });

  it('stalls after 2 s of silence, 1.5 s when the printer reports temperatures every second', () => {
    for (const [autoReport, after] of [
      [false, 2000],
      [true, 1500],
    ] as const) {
      const r = rig();
      r.streamer.onLine(`Cap:AUTOREPORT_TEMP:${autoReport ? 1 : 0}`);
      r.streamer.startJob(arraySource(job));
      r.streamer.onLine('ok');
      r.advance(after - 50);
      expect(r.stalls).toEqual([]);
      r.advance(50);
      expect(r.stalls).toEqual([after]);
    }
  });

  it('stops everything and says why on a fatal error', () => {
    const r = rig();
    r.streamer.startJob(arraySource(job));
    r.streamer.onLine('Error:Thermal Runaway, system stopped! Heater_ID: 0');
    expect(r.outcomes[0]).toMatchObject({ kind: 'failed' });
    expect((r.outcomes[0] as { reason: string }).reason).toMatch(/Thermal Runaway/);
    const count = r.lines().length;
    r.streamer.onLine('ok');
    r.streamer.command('G28');
    expect(r.lines().length).toBe(count);
    expect(r.streamer.fatal?.kind).toBe('thermal-runaway');
  });

  it('shows host prompts and answers them with M876', () => {
    const r = rig();
    r.streamer.onLine('//action:prompt_begin Filament runout');
    r.streamer.onLine('//action:prompt_button Continue');
    r.streamer.onLine('//action:prompt_button Purge more');
    r.streamer.onLine('//action:prompt_show');
    expect(r.streamer.prompt).toEqual({ text: 'Filament runout', buttons: ['Continue', 'Purge more'] });
    r.streamer.answerPrompt(1);
    expect(r.lines().at(-1)).toBe('M876 S1');
    expect(r.streamer.prompt).toBeNull();
  });

  it('reads temperatures from auto-reports and from ok replies', () => {
    const r = rig();
    r.streamer.onLine(' T:200.00 /210.00 B:55.00 /60.00 @:0 B@:0');
    expect(r.streamer.temps).toEqual([
      { heater: 'T', actual: 200, target: 210 },
      { heater: 'B', actual: 55, target: 60 },
    ]);
  });

  it('polls temperatures with a numbered M105 between job lines when the printer cannot auto-report', () => {
    const r = rig();
    r.streamer.identify();
    r.streamer.onLine('FIRMWARE_NAME:Marlin 2.1.2');
    r.streamer.onLine('Cap:AUTOREPORT_TEMP:0');
    r.streamer.onLine('ok');
    r.streamer.startJob(arraySource(['G1 X1', 'G1 X2', 'G1 X3', 'G1 X4']));
    r.streamer.onLine('ok');
    r.advance(2100);
    r.streamer.onLine('ok');
    const numbered = r.lines().filter((l) => l.startsWith('N'));
    expect(numbered.some((l) => / M105\*/.test(l))).toBe(true);
    r.streamer.onLine('ok T:200.0 /200.0 B:60.0 /60.0 @:0');
    expect(r.streamer.temps[0]).toEqual({ heater: 'T', actual: 200, target: 200 });
    for (let i = 0; i < 6; i += 1) r.streamer.onLine('ok');
    expect(r.outcomes).toEqual([{ kind: 'completed' }]);
  });
});
