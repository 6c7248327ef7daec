import { useState } from 'react';
import { runOutcomes, type RunOutcome } from '../../../preload/contract/methods/jobs.js';
import { call, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useErrorText } from '../../app/words.js';
import { dateTime, download, duration, grams, useLanguage, useT } from './api.js';

/** Every usage session, newest first, with filters (lab days, machine, outcome, text) and a CSV export of the same. */
export function HistoryTab({ onOpen }: { onOpen: (jobId: number) => void }) {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const machines = useDeskQuery('machines.list', { includeRetired: true });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [machineId, setMachineId] = useState('');
  const [outcome, setOutcome] = useState<RunOutcome | ''>('');
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const filter = {
    ...(from === '' ? {} : { from }),
    ...(to === '' ? {} : { to }),
    ...(machineId === '' ? {} : { machineId: Number(machineId) }),
    ...(outcome === '' ? {} : { outcome }),
    ...(search.trim() === '' ? {} : { search: search.trim() }),
  };
  const rows = useDeskQuery('jobs.history', filter, { keepPrevious: true });
  const exportCsv = async () => {
    setError(null);
    try {
      const { fileName, csv } = await call('jobs.historyCsv', filter);
      download(fileName, csv);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="history">
      <div className="toolbar" role="search">
        <label>
          {t('jobs.history.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('jobs.history.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('jobs.history.machine')}
          <select value={machineId} onChange={(e) => setMachineId(e.target.value)}>
            <option value="">{t('jobs.history.anyMachine')}</option>
            {(machines.data ?? []).map(({ machine }) => (
              <option key={machine.id} value={machine.id}>
                {machine.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('jobs.history.outcome')}
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as RunOutcome | '')}>
            <option value="">{t('jobs.history.anyOutcome')}</option>
            {runOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`jobs.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('jobs.history.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="button" onClick={() => void exportCsv()}>
          {t('jobs.history.export')}
        </button>
      </div>
      <FormError error={error ?? (rows.error === null ? null : errorText(rows.error))} />
      {rows.data !== undefined && (
        <p className="hint">{t('jobs.history.count', { count: rows.data.length })}</p>
      )}
      <table aria-label={t('jobs.tab.history')}>
        <thead>
          <tr>
            <th>{t('jobs.history.started')}</th>
            <th>{t('jobs.history.job')}</th>
            <th>{t('jobs.page.copy')}</th>
            <th>{t('jobs.page.machine')}</th>
            <th>{t('jobs.page.operator')}</th>
            <th>{t('jobs.page.duration')}</th>
            <th>{t('jobs.page.materialUsed')}</th>
            <th>{t('jobs.page.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data ?? []).map((r) => (
            <tr key={r.runId}>
              <td>{dateTime(r.startedAt, language)}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onOpen(r.jobId)}
                  aria-label={t('jobs.openRun', {
                    number: r.jobNumber,
                    title: r.title,
                    copy: r.copy,
                    quantity: r.quantity,
                    when: dateTime(r.startedAt, language),
                  })}
                >
                  {t('jobs.job', { number: r.jobNumber })}: {r.title}
                </button>
              </td>
              <td>
                {r.copy}/{r.quantity}
              </td>
              <td>{r.machineName}</td>
              <td>
                {r.operatorName}
                {r.overrideReason !== null && (
                  <em> — {t('jobs.page.override', { reason: r.overrideReason })}</em>
                )}
              </td>
              <td>{duration(r.durationSeconds)}</td>
              <td>{grams(r.materialGrams)}</td>
              <td>{r.outcome === null ? t('jobs.status.running') : t(`jobs.outcome.${r.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
