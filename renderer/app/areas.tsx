import type { ReactNode } from 'react';
import type { Permission } from '../../preload/contract/index.js';
import { MachinesScreen } from '../features/machines/MachinesScreen.js';
import { LibraryScreen } from '../features/library/LibraryScreen.js';
import { TrainingScreen } from '../features/training/TrainingScreen.js';
import { TreasuryScreen } from '../features/treasury/TreasuryScreen.js';
import { Campaign } from '../features/treasury/Campaign.js';
import { PeopleScreen } from '../features/people/PeopleScreen.js';
import { JobsScreen } from '../features/jobs/JobsScreen.js';
import { ProductionScreen } from '../features/production/ProductionScreen.js';
import { UsageScreen } from '../features/usage/UsageScreen.js';
import { GettingStarted } from './GettingStarted.js';
import { SettingsScreen } from './SettingsScreen.js';
import type { ShellMessageKey } from './messages.js';

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
