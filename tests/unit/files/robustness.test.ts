import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile, type FileKind } from '../../../main/files/formats.js';
import { fixture } from './corpus.js';

/** A parser bug shows up as "could not be read (<exception>)"; a refusal names the problem instead. */
const unexpected = /could not be read \(/;

const samples: [FileKind, string][] = [
  ['gcode', 'laserweb-style_jsdc-laser.gcode'],
  ['gcode', 'helical-thread-milling.gcode'],
  ['stl', '3DBenchy_cargo-box_binary.stl'],
  ['stl', '3DBenchy_cargo-box_ascii_DERIVED.stl'],
  ['obj', 'cube-quads.obj'],
  ['3mf', 'MUSTPASS_components.3mf'],
];

describe('parsers never fail with a raw exception', () => {
  it('on random bytes of every kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<FileKind>('gcode', 'stl', 'obj', '3mf'),
        fc.uint8Array({ maxLength: 400 }),
        (kind, bytes) => {
          const outcome = parseFile(kind, bytes, 'random');
          if (!outcome.ok) expect(outcome.message).not.toMatch(unexpected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on real files cut off or corrupted at any byte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        ([kind, name], at, junk) => {
          const whole = fixture(name);
          const cut = Math.floor(whole.length * at);
          const truncated = parseFile(kind, whole.subarray(0, cut), name);
          if (!truncated.ok) expect(truncated.message).not.toMatch(unexpected);
          const corrupted = whole.slice();
          corrupted.set(
            junk.subarray(0, Math.max(0, corrupted.length - cut)),
            Math.min(cut, Math.max(0, corrupted.length - junk.length)),
          );
          const damaged = parseFile(kind, corrupted, name);
          if (!damaged.ok) expect(damaged.message).not.toMatch(unexpected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
