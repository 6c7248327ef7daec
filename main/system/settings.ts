import type { Store } from '../store/store.js';

export interface Settings {
  lockAfterMinutes: number;
  labName: string;
  /** A login's resume token no longer opens it once no screen has held or used it for this long. */
  resumeIdleMinutes: number;
  /** Nor once this long has passed since the password was checked, however busy it was. */
  resumeLifetimeHours: number;
}

export const defaultSettings: Settings = {
  lockAfterMinutes: 10,
  labName: 'Center for Community Production',
  resumeIdleMinutes: 30,
  resumeLifetimeHours: 12,
};

export function readSettings(store: Pick<Store, 'db'>): Settings {
  const rows = store.db.prepare('SELECT key, value_json FROM settings').all() as {
    key: string;
    value_json: string;
  }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  const positive = (key: 'resumeIdleMinutes' | 'resumeLifetimeHours') => {
    const value = stored[key];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : defaultSettings[key];
  };
  return {
    lockAfterMinutes:
      typeof stored.lockAfterMinutes === 'number'
        ? stored.lockAfterMinutes
        : defaultSettings.lockAfterMinutes,
    labName: typeof stored.labName === 'string' ? stored.labName : defaultSettings.labName,
    resumeIdleMinutes: positive('resumeIdleMinutes'),
    resumeLifetimeHours: positive('resumeLifetimeHours'),
  };
}

export function updateSettings(
  store: Store,
  actor: number,
  patch: { [K in keyof Settings]?: Settings[K] | undefined },
): Settings {
  return store.write({ actor }, (tx) => {
    const before = readSettings(store);
    const upsert = tx.db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    );
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
    const after = readSettings(store);
    tx.audit('settings', 'lab', 'update', before, after);
    return after;
  });
}

/**
 * The organisation's legal and tax identity, as acknowledgments and receipts state it (issue 12). Kept in the
 * settings table under `organisation`; the treasury's `treasury.organisation.*` methods read and set it.
 */
export type TaxStatus = '501c3' | 'cooperative' | 'other';

export interface Organisation {
  legalName: string;
  address: string;
  /** Employer Identification Number, NN-NNNNNNN; null until known. */
  ein: string | null;
  taxStatus: TaxStatus;
  /** A 501(c)(3) that receives gifts for the lab: gifts with it as receiving entity are acknowledged in its name. */
  fiscalSponsor: { name: string; ein: string } | null;
}

export const defaultOrganisation: Organisation = {
  legalName: defaultSettings.labName,
  address: '',
  ein: null,
  // A cooperative is usually not a 501(c)(3): no letter claims deductibility until the status is set.
  taxStatus: 'cooperative',
  fiscalSponsor: null,
};

const ORGANISATION_KEY = 'organisation';

export function readOrganisation(db: Store['db']): Organisation {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(ORGANISATION_KEY) as
    { value_json: string } | undefined;
  if (row === undefined) return defaultOrganisation;
  return { ...defaultOrganisation, ...(JSON.parse(row.value_json) as Partial<Organisation>) };
}

/** Writes the organisation settings inside the caller's write (which audits). */
export function writeOrganisation(db: Store['db'], organisation: Organisation): void {
  db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  ).run(ORGANISATION_KEY, JSON.stringify(organisation));
}
