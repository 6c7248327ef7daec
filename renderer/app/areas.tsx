import { lazy, type ReactNode } from 'react';
import type { Permission } from '../../preload/contract/index.js';
import type { ShellMessageKey } from './messages.js';

// Each area is its own chunk, fetched when a person first opens it (the shell shows a loading line meanwhile):
// nobody downloads the treasury to run a printer, and the login screen downloads none of them.
const MachinesScreen = lazy(() =>
  import('../features/machines/MachinesScreen.js').then((m) => ({ default: m.MachinesScreen })),
);
const LibraryScreen = lazy(() =>
  import('../features/library/LibraryScreen.js').then((m) => ({ default: m.LibraryScreen })),
);
const TrainingScreen = lazy(() =>
  import('../features/training/TrainingScreen.js').then((m) => ({ default: m.TrainingScreen })),
);
const TreasuryScreen = lazy(() =>
  import('../features/treasury/TreasuryScreen.js').then((m) => ({ default: m.TreasuryScreen })),
);
const Campaign = lazy(() =>
  import('../features/treasury/Campaign.js').then((m) => ({ default: m.Campaign })),
);
const PeopleScreen = lazy(() =>
  import('../features/people/PeopleScreen.js').then((m) => ({ default: m.PeopleScreen })),
);
const JobsScreen = lazy(() =>
  import('../features/jobs/JobsScreen.js').then((m) => ({ default: m.JobsScreen })),
);
const ProductionScreen = lazy(() =>
  import('../features/production/ProductionScreen.js').then((m) => ({ default: m.ProductionScreen })),
);
const UsageScreen = lazy(() =>
  import('../features/usage/UsageScreen.js').then((m) => ({ default: m.UsageScreen })),
);
const GettingStarted = lazy(() => import('./GettingStarted.js').then((m) => ({ default: m.GettingStarted })));
const SettingsScreen = lazy(() => import('./SettingsScreen.js').then((m) => ({ default: m.SettingsScreen })));

export interface Area {
  id: string;
  label: ShellMessageKey;
  /** The permission that opens it; the navigation shows only the areas a person's roles open. */
  permission: Permission;
  /** Hidden when the person holds this permission (the campaign summary gives way to the full treasury). */
  unless?: Permission;
  render: () => ReactNode;
}

/** The areas in navigation order. Dispatch enforces the same permissions on every call behind them. */
export const areas: readonly Area[] = [
  { id: 'start', label: 'nav.start', permission: 'settings.manage', render: () => <GettingStarted /> },
  { id: 'machines', label: 'nav.machines', permission: 'machines.read', render: () => <MachinesScreen /> },
  { id: 'jobs', label: 'nav.jobs', permission: 'jobs.request', render: () => <JobsScreen /> },
  { id: 'library', label: 'nav.library', permission: 'files.read', render: () => <LibraryScreen /> },
  { id: 'training', label: 'nav.training', permission: 'training.read', render: () => <TrainingScreen /> },
  { id: 'treasury', label: 'nav.treasury', permission: 'treasury.read', render: () => <TreasuryScreen /> },
  {
    id: 'campaign',
    label: 'nav.campaign',
    permission: 'treasury.summary',
    unless: 'treasury.read',
    render: () => <Campaign />,
  },
  {
    id: 'production',
    label: 'nav.production',
    permission: 'production.read',
    render: () => <ProductionScreen />,
  },
  { id: 'usage', label: 'nav.usage', permission: 'usage.read', render: () => <UsageScreen /> },
  { id: 'people', label: 'nav.people', permission: 'people.read', render: () => <PeopleScreen /> },
  { id: 'settings', label: 'nav.settings', permission: 'signed-in', render: () => <SettingsScreen /> },
];

export function areasFor(permissions: readonly Permission[]): Area[] {
  return areas.filter(
    (a) => permissions.includes(a.permission) && (a.unless === undefined || !permissions.includes(a.unless)),
  );
}
