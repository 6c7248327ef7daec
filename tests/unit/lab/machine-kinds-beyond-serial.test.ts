import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectionTypes,
  kindConnections,
  kindFieldProblems,
  kindIcon,
  machineKinds,
} from '../../../preload/contract/machine-kinds.js';
import { createMachine } from '../../../main/machines/registry.js';
import { DeskError } from '../../../main/kernel/errors.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** Machines the Desk records but does not drive: kinds, connections and each kind's own fields (issue 16 item 1). */
describe('machine kinds beyond serial', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
  });

  const count = () => t.host.store.db.prepare('SELECT count(*) FROM machines').pluck().get();

  it('registers a laser on its USB print driver, a sewing machine and a bench by hand, and a router with its spindle', async () => {
    const laser = await t.admin.ok('machines.create', {
      name: 'Epilog Zing',
      kind: 'laser',
      firmware: 'none',
      connection: { type: 'device-file', path: '/dev/usb/lp0' },
      kindFields: { bedWidthMm: 610, bedDepthMm: 305, tubeWatts: 40, airAssist: true },
    });
    expect(laser.connection).toEqual({ type: 'device-file', path: '/dev/usb/lp0' });
    expect(laser.kindFields).toEqual({ bedWidthMm: 610, bedDepthMm: 305, tubeWatts: 40, airAssist: true });
    const singer = await t.admin.ok('machines.create', {
      name: 'Singer 4423',
      kind: 'sewing-machine',
      firmware: 'none',
      connection: { type: 'manual' },
      kindFields: { sewingType: 'domestic' },
    });
    expect(singer.kindFields).toEqual({ sewingType: 'domestic' });
    await t.admin.ok('machines.create', {
      name: 'Bench 1',
      kind: 'electronics-bench',
      firmware: 'none',
      connection: { type: 'manual' },
    });
    const router = await t.admin.ok('machines.create', {
      name: 'ShopBot PRSalpha',
      kind: 'cnc-router',
      firmware: 'none',
      connection: { type: 'network', host: 'shopbot.lab', port: 8080 },
      workArea: { x: 2440, y: 1220, z: 150 },
      kindFields: { spindle: 'air-cooled', spindleMaxRpm: 18000 },
    });
    expect(router.connection).toEqual({ type: 'network', host: 'shopbot.lab', port: 8080 });
    const listed = await t.admin.ok('machines.get', { id: laser.id });
    expect(listed.kindFields.tubeWatts).toBe(40);
  });

  it('refuses fields that do not fit the kind, says which, and writes nothing', async () => {
    const bad = [
      // a sewing machine needs its type
      {
        kind: 'sewing-machine',
        connection: { type: 'manual' },
        kindFields: {},
        path: 'kindFields.sewingType',
        message: /required/,
      },
      // a sewing machine is used by hand only
      {
        kind: 'sewing-machine',
        connection: { type: 'serial', path: '/dev/ttyUSB0', baud: 115200 },
        kindFields: { sewingType: 'overlock' },
        path: 'connection.type',
        message: /manual/,
      },
      // a choice outside the list
      {
        kind: 'sewing-machine',
        connection: { type: 'manual' },
        kindFields: { sewingType: 'loom' },
        path: 'kindFields.sewingType',
        message: /one of domestic/,
      },
      // a field of another kind
      {
        kind: 'electronics-bench',
        connection: { type: 'manual' },
        kindFields: { tubeWatts: 40 },
        path: 'kindFields.tubeWatts',
        message: /no field "tubeWatts"/,
      },
      // out of range, at the boundary's wrong side
      {
        kind: 'laser',
        connection: { type: 'manual' },
        kindFields: { bedWidthMm: 600, bedDepthMm: 300, tubeWatts: 501 },
        path: 'kindFields.tubeWatts',
        message: /between 1 and 500 W/,
      },
      {
        kind: 'cnc-router',
        connection: { type: 'network', host: 'shop bot', port: 70000 },
        kindFields: {},
        path: 'connection.host',
        message: /host name/,
      },
    ] as const;
    for (const b of bad) {
      const result = await t.admin.raw('machines.create', {
        name: 'Refused',
        kind: b.kind,
        firmware: 'none',
        connection: b.connection,
        kindFields: b.kindFields,
      });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      const issue = result.error.issues?.find((i) => i.path === b.path);
      expect(issue?.message, `${b.kind} ${b.path}`).toMatch(b.message);
    }
    // The boundary's good side passes: 500 W is allowed.
    await t.admin.ok('machines.create', {
      name: 'Big laser',
      kind: 'laser',
      firmware: 'none',
      connection: { type: 'manual' },
      kindFields: { bedWidthMm: 600, bedDepthMm: 300, tubeWatts: 500 },
    });
    expect(count()).toBe(1);
  });

  it('main holds the same rules for every other caller (CLI, demo seeder), and a driven firmware needs a link it drives', () => {
    const store = t.host.store;
    const refuse = (input: Parameters<typeof createMachine>[2], pattern: RegExp) => {
      expect(() => createMachine(store, 1, input)).toThrow(DeskError);
      expect(() => createMachine(store, 1, input)).toThrow(pattern);
    };
    refuse(
      { name: 'S', kind: 'sewing-machine', firmware: 'none', connection: { type: 'manual' }, workArea: null },
      /sewingType is required/,
    );
    refuse(
      {
        name: 'L',
        kind: 'laser',
        firmware: 'grbl',
        connection: { type: 'device-file', path: '/dev/usb/lp0' },
        workArea: null,
        kindFields: { bedWidthMm: 600, bedDepthMm: 300, tubeWatts: 40 },
      },
      /Grbl is reached over serial, not a device file/,
    );
    refuse(
      {
        name: 'B',
        kind: 'electronics-bench',
        firmware: 'none',
        connection: { type: 'simulated' },
        workArea: null,
      },
      /reached by manual, not simulated/,
    );
    expect(count()).toBe(0);
  });

  it('a manual machine has no Connect: main refuses it in words', async () => {
    const singer = await t.admin.ok('machines.create', {
      name: 'Juki',
      kind: 'sewing-machine',
      firmware: 'none',
      connection: { type: 'manual' },
      kindFields: { sewingType: 'industrial-straight' },
    });
    const result = await t.admin.call('machines.connect', { id: singer.id });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toMatch(/Juki is used by hand: the Desk records its sessions/);
  });

  it('every kind has an icon and connections the contract knows; the field rule is pure', () => {
    for (const kind of machineKinds) {
      expect(kindIcon(kind).length).toBeGreaterThan(0);
      for (const c of kindConnections(kind)) expect(connectionTypes).toContain(c);
    }
    expect(kindFieldProblems('laser', { bedWidthMm: 10, bedDepthMm: 5000, tubeWatts: 1 })).toEqual([]);
    expect(kindFieldProblems('laser', { bedWidthMm: 9, bedDepthMm: 5001, tubeWatts: 1.5 })).toEqual([
      { field: 'bedWidthMm', message: 'must be between 10 and 5000 mm' },
      { field: 'bedDepthMm', message: 'must be between 10 and 5000 mm' },
      { field: 'tubeWatts', message: 'must be a whole number' },
    ]);
  });
});
