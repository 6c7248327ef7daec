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
