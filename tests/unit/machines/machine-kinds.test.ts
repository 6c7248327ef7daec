import { describe, expect, it } from 'vitest';
import {
  isMachineKind,
  machineKindRegistry,
  machineKinds,
  machineKindSpec,
} from '../../../preload/contract/machine-kinds.js';
import { machineKind } from '../../../preload/contract/methods/machines.js';
import { defaultHourlyCents } from '../../../main/jobs/quote.js';
import { hourCounterOf } from '../../../main/jobs/maintenance.js';
import { needsBedClear } from '../../../main/jobs/dispatcher.js';
import { createMachine } from '../../../main/machines/registry.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { migrations } from '../../../main/store/migrations/index.js';
import { openStore } from '../../../main/store/store.js';
import { DeskError } from '../../../main/kernel/errors.js';
import { tempDir } from '../../helpers/temp-dir.js';

const clock = manualClock('2026-12-07T15:00:00.000Z');

describe('the machine-kind registry is the one list of kinds', () => {
  it('the contract, quotes, maintenance counters and the bed-clear gate all read it', () => {
    expect(machineKind.options).toEqual(machineKinds);
    for (const kind of machineKinds) {
      const spec = machineKindRegistry[kind];
      expect(defaultHourlyCents[kind]).toBe(spec.defaultHourlyCents);
      expect(hourCounterOf(kind)).toBe(spec.hourCounter);
      expect(needsBedClear(kind)).toBe(spec.needsBedClear);
    }
    expect(hourCounterOf('laser')).toBe('laser_hours');
    expect(needsBedClear('fff-printer')).toBe(false);
  });

  it('an unknown kind is not a kind, and a row from a newer Desk reads as "other"', () => {
    expect(isMachineKind('laser')).toBe(true);
    expect(isMachineKind('loom')).toBe(false);
    expect(isMachineKind('toString')).toBe(false); // not a property of every object
    expect(machineKindSpec('loom')).toBe(machineKindRegistry.other);
  });
});

describe('kinds are checked in code, not by a SQL list', () => {
  it('the service refuses a kind outside the registry in words, whoever calls it, and writes nothing', () => {
    const dir = tempDir('cp-desk-kinds-');
    const store = openStore({ dataDir: dir.path, clock });
    try {
      const input = {
        name: 'Loom',
        kind: 'loom',
        firmware: 'none',
        connection: { type: 'serial', path: '/dev/null', baud: 9600 },
        workArea: null,
      } as unknown as Parameters<typeof createMachine>[2];
      let refusal: unknown;
      try {
        createMachine(store, 1, input);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DeskError);
      expect((refusal as DeskError).message).toMatch(/"loom" is not a kind of machine the Desk knows/);
      expect(store.db.prepare('SELECT count(*) FROM machines').pluck().get()).toBe(0);
    } finally {
      store.close();
      dir.remove();
    }
  });

  it('migration 32 drops the CHECK list and keeps every machine and every reference to it', () => {
    const dir = tempDir('cp-desk-kinds-');
    try {
      const before = migrations.filter((m) => m.version < 32);
      const old = openStore({ dataDir: dir.path, clock, migrations: before });
      old.write({ actor: null, reason: 'test' }, (tx) => {
        tx.db
          .prepare(
            `INSERT INTO machines (name, kind, firmware, connection_json, created_at, max_hotend_c)
             VALUES ('Prusa', 'fff-printer', 'marlin', '{"type":"simulated"}', ?, 280)`,
          )
          .run(tx.at);
        tx.db
          .prepare(
            `INSERT INTO machine_runs (machine_id, name, path, sha256, total_bytes, state, start_line, acked_line,
               acked_offset, modal_json, started_at, updated_at) VALUES (1, 'cube', '/x', 'ab', 10, 'completed', 1, 3, 10, '{}', ?, ?)`,
          )
          .run(tx.at, tx.at);
        tx.audit('machine', 1, 'create', null, null);
      });
      // Before: the kind list is in the schema.
      expect(() =>
        old.db
          .prepare(
            "INSERT INTO machines (name, kind, firmware, connection_json, created_at) VALUES ('S', 'sewing-machine', 'none', '{}', 'x')",
          )
          .run(),
      ).toThrow(/CHECK constraint failed/);
      old.close();

      const store = openStore({ dataDir: dir.path, clock, backupBeforeMigrate: false });
      try {
        expect(store.schemaVersion()).toBeGreaterThanOrEqual(32);
        expect(store.db.prepare('SELECT name, kind, max_hotend_c FROM machines').all()).toEqual([
          { name: 'Prusa', kind: 'fff-printer', max_hotend_c: 280 },
        ]);
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
        expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
        // After: a new kind needs no migration (the registry decides), and references still hold.
        store.db
          .prepare(
            "INSERT INTO machines (name, kind, firmware, connection_json, created_at) VALUES ('Singer', 'sewing-machine', 'none', '{}', 'x')",
          )
          .run();
        expect(() =>
          store.db
            .prepare(
              `INSERT INTO machine_runs (machine_id, name, path, sha256, total_bytes, state, start_line, acked_line,
                 acked_offset, modal_json, started_at, updated_at) VALUES (99, 'x', '/x', 'ab', 1, 'completed', 1, 0, 0, '{}', 'x', 'x')`,
            )
            .run(),
        ).toThrow(/FOREIGN KEY constraint failed/);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
