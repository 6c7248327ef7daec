/** Words of the lab screens: manual machines and their sessions, materials and presets, bookings. */
const en = {
  'lab.fields': 'About this machine',
  'lab.yes': 'Yes',
  'lab.no': 'No',
} as const;

export type LabMessageKey = keyof typeof en;

const es: Record<LabMessageKey, string> = {
  'lab.fields': 'Sobre esta máquina',
  'lab.yes': 'Sí',
  'lab.no': 'No',
};

export const labMessages = { en, es } satisfies Record<'en' | 'es', Record<LabMessageKey, string>>;
