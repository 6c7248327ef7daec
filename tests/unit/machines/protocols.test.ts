import { describe, expect, it } from 'vitest';
import { machineKindRegistry, machineKinds } from '../../../preload/contract/machine-kinds.js';
import { firmwares } from '../../../preload/contract/methods/machines.js';
import {
  connectionProblem,
  protocolFor,
  protocols,
  speaksGcodeLines,
} from '../../../main/machines/protocols/index.js';
import { GrblStreamer } from '../../../main/machines/streamer/grbl-streamer.js';
import { MarlinStreamer } from '../../../main/machines/streamer/marlin-streamer.js';
import { CommandError, CommandSplitter, type Command } from '../../../main/toolpaths/commands.js';
import { DeskError } from '../../../main/kernel/errors.js';

describe('the protocol registry: one module per machine language', () => {
  it('every firmware the contract and the machine kinds name has a module, under its own id', () => {
    expect(Object.keys(protocols).sort()).toEqual([...firmwares].sort());
    for (const f of firmwares) expect(protocolFor(f).id).toBe(f);
    for (const kind of machineKinds)
      for (const f of machineKindRegistry[kind].firmwares) expect(protocols[f].id).toBe(f);
    expect(machineKindRegistry['cnc-mill'].firmwares).toContain('rml');
    expect(machineKindRegistry['vinyl-cutter'].firmwares).toEqual(['camm', 'none']);
  });

  it('declares what the session needs: line drivers for Grbl and Marlin, a Roland way in for RML-1 and CAMM-GL', () => {
    const io = { write: () => undefined, now: () => 0 };
    const grbl = protocols.grbl.lineDriver!(io, {});
    const marlin = protocols.marlin.lineDriver!(io, {});
    expect(grbl.kind).toBe('grbl');
    expect(grbl.streamer).toBeInstanceOf(GrblStreamer);
    expect(marlin.streamer).toBeInstanceOf(MarlinStreamer);
    expect([protocols.grbl.identify, protocols.marlin.identify]).toEqual(['$I', 'M115']);
    for (const f of ['rml', 'camm'] as const) {
      const p = protocols[f];
      expect(p.streaming).toBe('unacknowledged-bytes');
      expect(p.lineDriver).toBeUndefined();
      expect(p.gate).toEqual({ console: 'refused', jobFile: 'roland-program' });
      expect(p.roland!.abort.subarray(0, 6).toString('latin1')).toBe('\x1b.K\x1b.R');
    }
    expect(protocols.rml.roland!.unitsPerMm('device-file')).toBe(100); // SRM-20, MDX-40, iModela
    expect(protocols.rml.roland!.unitsPerMm('serial')).toBe(40); // MDX-15/20
    expect(protocols.camm.roland!.unitsPerMm('device-file')).toBe(40);
    expect(protocols.none.streaming).toBe('none');
    expect(speaksGcodeLines('grbl')).toBe(true);
    expect(speaksGcodeLines('marlin')).toBe(true);
    expect(speaksGcodeLines('rml')).toBe(false);
    expect(speaksGcodeLines('none')).toBe(false);
  });

  it('says in words which connections a language takes, and refuses a language it does not know', () => {
    expect(connectionProblem('rml', 'device-file')).toBeNull();
    expect(connectionProblem('rml', 'serial')).toBeNull();
    expect(connectionProblem('camm', 'simulated')).toBeNull();
    expect(connectionProblem('grbl', 'device-file')).toBe('Grbl is reached over serial, not a device file.');
    expect(connectionProblem('none', 'simulated')).toMatch(
      /^A simulated machine needs a firmware to simulate/,
    );
    expect(() => protocolFor('hpgl')).toThrow(DeskError);
    expect(() => protocolFor('hpgl')).toThrow('The Desk does not speak "hpgl"');
  });
});

describe('device-control instructions in the command stream (what a stop sends)', () => {
  const split = (chunks: string[]) => {
    const seen: Command[] = [];
    const s = new CommandSplitter('RML-1', (c) => seen.push(c));
    for (const c of chunks) s.feed(c);
    s.end();
    return seen.map((c) => `${c.name}${c.args.join(',')}@${c.at}`);
  };

  it('reads ESC.K between commands, even split across chunks, at its byte offset', () => {
    expect(split(['PU1,2;\x1b', '.K!MC0;'])).toEqual(['PU1,2@0', 'ESC.K@6', '!MC0@9']);
  });

  it('ESC.K and ESC.R drop a command cut short before them; another instruction inside a command is refused', () => {
    expect(split(['Z100,20', '\x1b.K\x1b.R!MC0;PU;'])).toEqual(['ESC.K@7', 'ESC.R@10', '!MC0@13', 'PU@18']);
    expect(() => split(['Z100,20\x1b.BPU;'])).toThrow('ESC.B came inside it');
    expect(() => split(['PU;\x1b.Q'])).toThrow(CommandError);
    expect(() => split(['PU;\x1b.Q'])).toThrow('Unknown RML-1 device-control instruction at byte 3');
  });
});
