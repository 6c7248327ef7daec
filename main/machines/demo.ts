import type { DemoSeeder } from '../kernel/context.js';
import { insertMachine } from './registry.js';

/** One simulated Grbl router and one simulated Marlin printer, so a new lab can practise before plugging in. */
export const seedMachines: DemoSeeder = (ctx, people) => {
  const admin = people.get('admin') ?? null;
  ctx.store.write({ actor: admin, reason: 'demo data' }, (tx) => {
    insertMachine(tx, {
      name: 'Practice router (simulated Grbl)',
      kind: 'cnc-router',
      firmware: 'grbl',
      connection: { type: 'simulated' },
      workArea: { x: 600, y: 400, z: 90 },
      notes:
        'A simulated Grbl 1.1 controller: jog, home and run the practice program without cutting anything.',
    });
    insertMachine(tx, {
      name: 'Practice printer (simulated Marlin)',
      kind: 'fff-printer',
      firmware: 'marlin',
      connection: { type: 'simulated' },
      workArea: { x: 220, y: 220, z: 250 },
      notes: 'A simulated Marlin printer: heat, home and print the practice tower without using filament.',
    });
  });
};
