import { useState } from 'react';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';
import { useDeskEvent, useDeskQuery } from '../../api/index.js';
import { makeUseT, useLanguage } from '../../app/i18n.js';
import { jobsMessages } from './messages.js';

/** The jobs screens' words and formats; calls go through the shell's renderer/api like every area's. */
export const useT = makeUseT(jobsMessages);
export type JobsT = ReturnType<typeof useT>;
export { useLanguage };

export const money = (cents: number): string => formatCents(cents);

/** Times are stored in UTC and shown where the lab is (LAB_TIME_ZONE, America/Chicago). */
export function dateTime(iso: string, language: 'en' | 'es'): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: LAB_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** "1 h 05 min", "4 min 30 s", "12 s". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

export function grams(value: number | null): string {
  if (value === null) return '—';
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} g`;
}

/**
 * The running job of a machine as its pushed `machines.state` snapshots tell it (≤ 20 a second): acknowledged line
 * and share of the file, for the progress bar and the preview's done part. Null when nothing streams.
 */
export function useLiveJob(machineId: number | null): MachineSnapshot['job'] {
  const [latest, setLatest] = useState<{ machineId: number; job: MachineSnapshot['job'] } | null>(null);
  useDeskEvent('machines.state', (snapshot) => {
    if (machineId !== null && snapshot.machineId === machineId) setLatest({ machineId, job: snapshot.job });
  });
  return latest !== null && latest.machineId === machineId ? latest.job : null;
}

/** Share of a streamed copy done, 0–1, from a snapshot's job. */
export function shareDone(job: NonNullable<MachineSnapshot['job']>): number {
  return job.totalBytes === 0 ? 0 : Math.min(1, job.ackedOffset / job.totalBytes);
}

/** Offers a text as a file download (the CSV export), without a server route. */
export function download(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Who is at the screen, from main (so a component test without the shell's session provider sees the truth). */
export function useMe(): { id: number; name: string; staff: boolean; canRequest: boolean } | null {
  const whoami = useDeskQuery('session.whoami', {});
  const info = whoami.data;
  if (info === undefined || info === null) return null;
  return {
    id: info.person.id,
    name: info.person.displayName,
    staff: info.permissions.includes('jobs.manage'),
    canRequest: info.permissions.includes('jobs.request'),
  };
}
