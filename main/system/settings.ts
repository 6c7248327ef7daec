import type { Store } from '../store/store.js';

export interface Settings {
  lockAfterMinutes: number;
  labName: string;
}

export const defaultSettings: Settings = {
  lockAfterMinutes: 10,
  labName: 'Center for Community Production',
};

export function readSettings(store: Store): Settings {
  const rows = store.db.prepare('SELECT key, value_json FROM settings').all() as {
    key: string;
    value_json: string;
  }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  return {
    lockAfterMinutes:
      typeof stored.lockAfterMinutes === 'number'
        ? stored.lockAfterMinutes
        : defaultSettings.lockAfterMinutes,
    labName: typeof stored.labName === 'string' ? stored.labName : defaultSettings.labName,
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
