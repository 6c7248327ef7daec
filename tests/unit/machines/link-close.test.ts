import { describe, expect, it } from 'vitest';
import { closeWasLoss } from '../../../main/machines/link.js';

/** The four ways a serial port closes, and which of them mean the machine is gone (the unplug path). */
describe('a closed port: lost or disconnected?', () => {
  it('a close nobody asked for is a loss, with or without serialport’s own flag', () => {
    expect(closeWasLoss(false, null)).toBe(true);
    expect(closeWasLoss(false, undefined)).toBe(true);
    expect(closeWasLoss(false, { disconnected: false })).toBe(true);
    expect(closeWasLoss(false, { disconnected: true })).toBe(true);
  });

  it('a close we asked for is a plain disconnect, unless the device vanished meanwhile', () => {
    expect(closeWasLoss(true, null)).toBe(false);
    expect(closeWasLoss(true, {})).toBe(false);
    expect(closeWasLoss(true, { disconnected: false })).toBe(false);
    expect(closeWasLoss(true, { disconnected: true })).toBe(true);
  });
});
