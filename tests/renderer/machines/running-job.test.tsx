import { describe, expect, it } from 'vitest';
import type { DecodedToolpath } from '../../../renderer/viewer/decode.js';
import { layerAtLine, positionAtLine } from '../../../renderer/viewer/PositionMarker.js';
import { currentLineText } from '../../../renderer/features/machines/RunningJob.js';
import { machinesMessages, type MachinesMessageKey } from '../../../renderer/features/machines/messages.js';

/** Four moves from lines 3, 4, 4 and 7, two layers (the second starts at the third move). */
function path(): DecodedToolpath {
  return {
    type: 'toolpath',
    segments: 4,
    positions: new Float32Array([0, 0, 0.2, 10, 0, 0.2, 10, 10, 0.2, 0, 10, 0.4, 0, 0, 0.4]),
    feeds: new Float32Array(4),
    lines: new Uint32Array([3, 4, 4, 7]),
    layerStarts: new Uint32Array([0, 2]),
    layerZ: new Float32Array([0.2, 0.4]),
    kinds: new Uint8Array(4),
    tools: new Uint8Array(4),
    features: new Uint8Array(4),
  };
}

const tIn =
  (language: 'en' | 'es') =>
  (key: MachinesMessageKey, vars?: Record<string, string | number>): string =>
    machinesMessages[language][key].replace(/\{(\w+)\}/g, (_, n: string) => String(vars?.[n] ?? ''));

describe('the running-job view', () => {
  it('puts the marker at the end of the last acknowledged line’s moves', () => {
    const p = path();
    expect(positionAtLine(p, null)).toBeNull();
    expect(positionAtLine(p, 2)).toEqual([0, 0, expect.closeTo(0.2)]); // nothing of line 3 done yet
    expect(positionAtLine(p, 3)).toEqual([10, 0, expect.closeTo(0.2)]);
    expect(positionAtLine(p, 4)).toEqual([0, 10, expect.closeTo(0.4)]); // both moves of line 4
    expect(positionAtLine(p, 6)).toEqual([0, 10, expect.closeTo(0.4)]);
    expect(positionAtLine(p, 7)).toEqual([0, 0, expect.closeTo(0.4)]); // the end of the program
  });

  it('counts the layer the next move is on', () => {
    const p = path();
    expect(layerAtLine(p, null)).toBe(0);
    expect(layerAtLine(p, 3)).toBe(0);
    expect(layerAtLine(p, 4)).toBe(1);
    expect(layerAtLine(p, 9)).toBe(1);
  });

  it('names the current line with the program’s words, in the person’s language around them', () => {
    expect(currentLineText(tIn('en'), { ackedLine: 0, ackedText: null })).toBe('Waiting for the first line…');
    expect(currentLineText(tIn('en'), { ackedLine: 1234, ackedText: 'G1 X1 Y2' })).toBe(
      `Line ${(1234).toLocaleString()}: G1 X1 Y2`,
    );
    expect(currentLineText(tIn('es'), { ackedLine: 5, ackedText: '' })).toBe('Línea 5');
  });
});
