import type { Machine } from './types.js';

/**
 * The Roland machines of a Fab Lab, as far as the planner needs them (units, travel, home). Travel and home from
 * Roland's specifications and mods's machine modules (SRM-20 home 0/152.4/60.5 mm).
 */
export const MACHINES: Record<string, Machine> = {
  'srm-20': {
    id: 'srm-20',
    name: 'Roland SRM-20',
    language: 'rml',
    unitsPerMm: 100,
    travel: [203.2, 152.4, 60.5],
    home: [0, 152.4, 60.5],
    rapidSpeed: 15,
  },
  'mdx-40': {
    id: 'mdx-40',
    name: 'Roland MDX-40',
    language: 'rml',
    unitsPerMm: 100,
    travel: [305, 305, 105],
    home: [0, 152.4, 60.5],
    rapidSpeed: 15,
  },
  imodela: {
    id: 'imodela',
    name: 'Roland iModela',
    language: 'rml',
    unitsPerMm: 100,
    travel: [86, 55, 26],
    home: [0, 55, 26],
    rapidSpeed: 10,
  },
  'mdx-20': {
    id: 'mdx-20',
    name: 'Roland MDX-20',
    language: 'rml',
    unitsPerMm: 40,
    travel: [203.2, 152.4, 60.5],
    home: [0, 152.4, 60.5],
    rapidSpeed: 15,
  },
  'mdx-15': {
    id: 'mdx-15',
    name: 'Roland MDX-15',
    language: 'rml',
    unitsPerMm: 40,
    travel: [152.4, 101.6, 60.5],
    home: [0, 92.4, 60.5],
    rapidSpeed: 15,
  },
  'gx-24': {
    id: 'gx-24',
    name: 'Roland GX-24',
    language: 'camm',
    unitsPerMm: 40,
    travel: [584, 24_998, 0],
    home: null,
    rapidSpeed: 500,
  },
  'gs-24': {
    id: 'gs-24',
    name: 'Roland GS-24',
    language: 'camm',
    unitsPerMm: 40,
    travel: [584, 24_998, 0],
    home: null,
    rapidSpeed: 500,
  },
};

export function machineById(id: string): Machine {
  const m = MACHINES[id];
  if (m === undefined)
    throw new Error(`Unknown machine "${id}". Known: ${Object.keys(MACHINES).join(', ')}.`);
  return m;
}
