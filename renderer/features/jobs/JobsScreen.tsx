import { useState } from 'react';
import type { JobStatus } from '../../../preload/contract/methods/jobs.js';
import { useDeskEvent, useDeskQuery } from '../../api/index.js';
import { useToast } from '../../app/toasts.js';
import { money, useMe, useT } from './api.js';
import { HistoryTab } from './HistoryTab.js';
import { JobPage } from './JobPage.js';
import { MaintenanceTab } from './MaintenanceTab.js';
import { QueueBoard } from './QueueBoard.js';
import { RequestForm } from './RequestForm.js';
import { SettingsTab } from './SettingsTab.js';
import './jobs.css';
import { TabBar } from '../../components/TabBar.js';

type Tab = 'queue' | 'request' | 'mine' | 'waiting' | 'history' | 'maintenance' | 'settings';

/**
 * The jobs area: the queue board per machine, requests, a job's own page (preview, start, progress, history of its
 * statuses), the history of usage sessions with CSV export, each machine's maintenance, and (staff) the settings:
 * priority tiers, materials and machine rates.
 */
export function JobsScreen() {
  const t = useT();
  const me = useMe();
  const [tab, setTab] = useState<Tab>('queue');
  const [open, setOpen] = useState<number | null>(null);
  const tabs: Tab[] =
    me?.staff === true
      ? ['queue', 'waiting', 'request', 'history', 'maintenance', 'settings']
      : ['queue', 'mine', 'request', 'history', 'maintenance'];
  return (
    <section className="jobs">
      <h1>{t('jobs.title')}</h1>
      <TabBar
        label={t('jobs.title')}
        tabs={tabs}
        current={open === null ? tab : null}
        onSelect={(name) => {
          setTab(name);
          setOpen(null);
        }}
        labelOf={(name) => t(`jobs.tab.${name}`)}
      />
      {open !== null ? (
        <JobPage id={open} onBack={() => setOpen(null)} />
      ) : tab === 'queue' ? (
        <QueueBoard onOpen={setOpen} />
      ) : tab === 'request' ? (
        <RequestForm onDone={setOpen} />
      ) : tab === 'history' ? (
        <HistoryTab onOpen={setOpen} />
      ) : tab === 'maintenance' ? (
        <MaintenanceTab />
      ) : tab === 'settings' ? (
        <SettingsTab />
      ) : (
        <JobList
          statuses={tab === 'waiting' ? ['submitted', 'draft'] : undefined}
          mine={tab === 'mine'}
          onOpen={setOpen}
        />
      )}
    </section>
  );
}

/** A plain list of jobs (the requester's own, or those waiting for approval), each opening its page. */
function JobList({
  statuses,
  mine,
  onOpen,
}: {
  statuses?: JobStatus[] | undefined;
  mine: boolean;
  onOpen: (id: number) => void;
}) {
  const t = useT();
  const jobs = useDeskQuery('jobs.list', { mine, ...(statuses === undefined ? {} : { statuses }) });
  if (jobs.data === undefined) return <p className="loading">{t('jobs.loading')}</p>;
  if (jobs.data.length === 0) return <p className="hint">{t('jobs.none')}</p>;
  return (
    <ul className="job-list">
      {jobs.data.map((job) => (
        <li key={job.id}>
          <button
            type="button"
            className="link"
            onClick={() => onOpen(job.id)}
            aria-label={t('jobs.open', { number: job.number, title: job.title })}
          >
            {t('jobs.job', { number: job.number })}: {job.title}
          </button>{' '}
          <span className={`badge status-${job.status}`}>{t(`jobs.status.${job.status}`)}</span>{' '}
          <span>{job.requesterName}</span> ·{' '}
          <span>
            {job.machineName ?? t('jobs.field.anyOfKind', { kind: t(`jobs.kind.${job.machineKind}`) })}
          </span>{' '}
          · <span>{money(job.quote.totalCents)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A notification when a job's copy finishes or fails (pushed `jobs.notice`): the requester hears about their own
 * jobs, staff about every job. Exported so the shell can mount it once for every screen.
 */
export function useJobNotices(): void {
  const t = useT();
  const toast = useToast();
  const me = useMe();
  useDeskEvent('jobs.notice', (notice) => {
    if (me === null || (!me.staff && notice.requesterId !== me.id)) return;
    toast(
      t(`jobs.notice.${notice.outcome}`, {
        number: notice.number,
        title: notice.title,
        machine: notice.machineName,
      }),
      notice.outcome === 'failed' ? 'error' : 'success',
    );
  });
}
