import { describe, expect, it } from 'vitest';
import { closeWasLoss, WriteCounter } from '../../../main/machines/link.js';
import { simulatedLinkOpener } from '../../../main/machines/sim/sim-link.js';

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

/** One counter for the real port and the simulated one: the unplug tests read `refusedWrites` from either. */
describe('what a link counts', () => {
  it('counts the bytes it lets out while open, and every write refused once closed', () => {
    const counter = new WriteCounter();
    expect(counter.admit(true, 5)).toBe(true);
    expect(counter.admit(true, 0)).toBe(true);
    expect(counter.admit(false, 7)).toBe(false);
    expect(counter.admit(false, 1)).toBe(false);
    expect([counter.bytesWritten, counter.refusedWrites]).toEqual([5, 2]);
  });

  it('the simulated link counts the same way as the serial port', async () => {
    const link = await simulatedLinkOpener('grbl')('sim://router', 115200, {
      onData: () => undefined,
      onClose: () => undefined,
    });
    link.write(Buffer.from('?'));
    link.write(Buffer.from('$G\n'));
    await link.close();
    link.write(Buffer.from('G0 X1\n'));
    expect([link.open, link.bytesWritten, link.refusedWrites]).toEqual([false, 4, 1]);
  });
});
