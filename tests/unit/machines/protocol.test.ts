import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanGcodeLine,
  grblNeedsSendResponse,
  parseGrblLine,
  parseGrblStatus,
} from '../../../main/machines/drivers/grbl.js';
import { grblAlarmText, grblErrorText } from '../../../main/machines/drivers/grbl-codes.js';
import {
  marlinChecksum,
  marlinNumbered,
  parseMarlinLine,
  parseTemperatures,
} from '../../../main/machines/drivers/marlin.js';

describe('Grbl protocol', () => {
  it('reads a status report with state, sub-state, positions, buffer and feed/speed', () => {
    const s = parseGrblStatus('<Hold:1|MPos:1.000,-2.500,3.000|Bf:15,128|FS:500,8000|WCO:1.000,1.000,0.000>');
    expect(s).toMatchObject({
      state: 'Hold',
      subState: 1,
      mpos: [1, -2.5, 3],
      buffer: { blocks: 15, bytes: 128 },
      feed: 500,
      spindle: 8000,
      wco: [1, 1, 0],
    });
  });

  it('classifies ok, error, alarm, welcome, options and settings', () => {
    expect(parseGrblLine('ok')).toEqual({ type: 'ok' });
    expect(parseGrblLine('error:22')).toEqual({ type: 'error', code: 22 });
    expect(parseGrblLine('ALARM:3')).toEqual({ type: 'alarm', code: 3 });
    expect(parseGrblLine("Grbl 1.1h ['$' for help]")).toEqual({ type: 'welcome', version: '1.1h' });
    expect(parseGrblLine('[OPT:V,15,128]')).toEqual({ type: 'opt', flags: 'V', blocks: 15, rxBytes: 128 });
    expect(parseGrblLine('[OPT:VNMZL,100,1024,3,0]')).toMatchObject({ type: 'opt', rxBytes: 1024 });
    expect(parseGrblLine('$110=500.000')).toEqual({ type: 'setting', key: 110, value: '500.000' });
    expect(parseGrblLine('[MSG:Caution: Unlocked]')).toEqual({ type: 'msg', text: 'Caution: Unlocked' });
  });

  it('never throws on garbage and never mistakes it for a status report', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        const msg = parseGrblLine(text);
        if (msg.type === 'status') expect(text.trim().startsWith('<')).toBe(true);
      }),
    );
    expect(parseGrblLine('<Idle|MPos:1.0,2')).toMatchObject({ type: 'other' });
    expect(parseGrblLine('<Bogus|MPos:0,0,0>')).toMatchObject({ type: 'other' });
  });

  it('sends settings and EEPROM writes one at a time, but not jogs', () => {
    expect(grblNeedsSendResponse('$110=500')).toBe(true);
    expect(grblNeedsSendResponse('G10 L20 P1 X0')).toBe(true);
    expect(grblNeedsSendResponse('$J=G91 X1 F100')).toBe(false);
    expect(grblNeedsSendResponse('G1 X1')).toBe(false);
  });

  it('drops comments and program delimiters before they reach the controller', () => {
    expect(cleanGcodeLine('G1 X1 (move) Y2 ; done')).toBe('G1 X1  Y2');
    expect(cleanGcodeLine('%')).toBe('');
    expect(cleanGcodeLine('(only a comment)')).toBe('');
  });

  it('explains every error and alarm code from our own tables', () => {
    expect(grblErrorText(22).name).toBe('Feed rate missing');
    expect(grblAlarmText(3).description).toMatch(/re-home/);
    for (const code of [1, 2, 3, 9, 11, 20, 38])
      expect(grblErrorText(code).description.length).toBeGreaterThan(10);
    for (let code = 1; code <= 10; code += 1) expect(grblAlarmText(code).name).not.toMatch(/^Alarm \d/);
    expect(grblErrorText(99).name).toBe('Error 99');
  });
});

describe('Marlin protocol', () => {
  it('numbers and checksums lines as Marlin expects', () => {
    expect(marlinNumbered(0, 'M110 N0')).toBe(`N0 M110 N0*${marlinChecksum('N0 M110 N0')}`);
    // A known value: XOR over "N1 G28" (computed by hand: N=78 1=49 ' '=32 G=71 2=50 8=56).
    expect(marlinChecksum('N1 G28')).toBe(78 ^ 49 ^ 32 ^ 71 ^ 50 ^ 56);
  });

  it('reads plain and ADVANCED_OK acknowledgements', () => {
    expect(parseMarlinLine('ok')).toMatchObject({ type: 'ok', line: null, bufferFree: null });
    expect(parseMarlinLine('ok N42 P15 B3')).toMatchObject({
      type: 'ok',
      line: 42,
      plannerFree: 15,
      bufferFree: 3,
    });
    expect(parseMarlinLine('ok T:210.0 /210.0 B:60.0 /60.0 @:127')).toMatchObject({
      type: 'ok',
      temps: [
        { heater: 'T', actual: 210 },
        { heater: 'B', actual: 60, target: 60 },
      ],
    });
  });

  it('reads resend requests in both spellings and the line errors that precede them', () => {
    expect(parseMarlinLine('Resend: 17')).toEqual({ type: 'resend', line: 17 });
    expect(parseMarlinLine('rs 17')).toEqual({ type: 'resend', line: 17 });
    expect(parseMarlinLine('Error:checksum mismatch, Last Line: 16')).toEqual({
      type: 'line-error',
      kind: 'checksum',
      lastLine: 16,
    });
    expect(parseMarlinLine('Error:Line Number is not Last Line Number+1, Last Line: 16')).toMatchObject({
      kind: 'line-number',
    });
  });

  it('recognises fatal errors, busy, host actions, capabilities and temperature reports', () => {
    expect(parseMarlinLine('Error:Printer halted. kill() called!')).toMatchObject({
      type: 'fatal',
      kind: 'halted',
    });
    expect(parseMarlinLine('Error:Thermal Runaway, system stopped! Heater_ID: 0')).toMatchObject({
      type: 'fatal',
      kind: 'thermal-runaway',
    });
    expect(parseMarlinLine('Error:MINTEMP triggered, system stopped! Heater_ID: bed')).toMatchObject({
      kind: 'mintemp',
    });
    expect(parseMarlinLine('echo:busy: processing')).toMatchObject({ type: 'busy' });
    expect(parseMarlinLine('//action:prompt_begin Filament runout')).toEqual({
      type: 'action',
      action: 'prompt_begin',
      argument: 'Filament runout',
    });
    expect(parseMarlinLine('Cap:AUTOREPORT_TEMP:1')).toEqual({
      type: 'cap',
      name: 'AUTOREPORT_TEMP',
      enabled: true,
    });
    expect(parseMarlinLine(' T:20.5 /0.0 B:21.0 /0.0 @:0 B@:0')).toMatchObject({ type: 'temps' });
    expect(parseTemperatures('T0:200.0 /200.0 T1:180.0 /0.0 B:60.0 /60.0').map((t) => t.heater)).toEqual([
      'T0',
      'T1',
      'B',
    ]);
    expect(
      parseMarlinLine('FIRMWARE_NAME:Marlin 2.1.2 SOURCE_CODE_URL:x PROTOCOL_VERSION:1.0'),
    ).toMatchObject({ type: 'firmware', name: 'Marlin 2.1.2' });
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => void parseMarlinLine(text)),
    );
  });
});
