import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { JobDetail, PriorityTier } from '../../../preload/contract/methods/jobs.js';
import type { Machine, MachineAccess } from '../../../preload/contract/methods/machines.js';
import { call, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { fitCheck, type FitResult } from '../../viewer/fit-check.js';
import { shareDone, useLiveJob, useMe, useT, type JobsT } from './api.js';
import { MaterialField, TierField } from './JobFields.js';
import { StartPanel } from './StartPanel.js';
import './jobs.css';
import { askToNotifyOnce, useJobEndAlert } from '../machines/job-alert.js';

/** One machine as the file's queue form sees it: does the file fit, may this person run it, is it free now. */
export interface MachineChoice {
  machine: Machine;
  fit: FitResult;
  access: MachineAccess | null;
  idle: boolean;
  /** Offered in the list: the file fits, and the person may run it (staff may be offered it with an override). */
  offered: boolean;
}

/** The tier a request starts from: staff and admins ask as core staff; everyone else gets the lab's default tier. */
export function defaultTierFor(
  roles: readonly string[],
  tiers: readonly PriorityTier[],
): PriorityTier | null {
  const active = tiers.filter((x) => x.active).sort((a, b) => a.rank - b.rank);
  if (roles.includes('staff') || roles.includes('admin')) {
    return active.find((x) => x.code === 'core-staff') ?? active[0] ?? null;
  }
  return active.at(-1) ?? null;
}

/** Why a machine is not offered for this file, in the person's words. */
function notOfferedWhy(t: JobsT, choice: MachineChoice): string {
  if (!choice.fit.fits) {
    return choice.fit.outside
      ? t('jobs.queueFile.outside', { axis: choice.fit.axis, limit: Math.round(choice.fit.limit) })
      : t('jobs.queueFile.tooBig', {
          axis: choice.fit.axis,
          size: Math.round(choice.fit.size),
          limit: Math.round(choice.fit.limit),
        });
  }
  const missing = choice.access?.missing.map((m) => m.name).join(', ') ?? '';
  return missing === '' ? t('jobs.queueFile.notTrained') : t('jobs.queueFile.needs', { names: missing });
}

function choicesFor(
  file: LibraryFile,
  rows: readonly { machine: Machine; snapshot: { job: unknown; connection: string } }[],
  access: readonly (MachineAccess | undefined)[],
  staff: boolean,
): MachineChoice[] {
  return rows.map(({ machine, snapshot }, i) => {
    const area = machine.workArea;
    const fit: FitResult =
      area === null
        ? { fits: true }
        : fitCheck(file.summary, { name: machine.name, width: area.x, depth: area.y, height: area.z });
    const a = access[i] ?? null;
    const mayRun = a === null || a.mayCommand || (staff && a.mayOverride);
    return { machine, fit, access: a, idle: snapshot.job === null, offered: fit.fits && mayRun };
  });
}

/**
 * "Queue / Run on…" beside a library file: the machines it fits and the person may run, the tier from their role,
 * material and copies; staff may also run it now on an idle machine. Main's rules decide (jobs.request, the start
 * check, the training gate); this form offers only what they would allow and says why the rest is not offered.
 */
export function QueueFile({
  file,
  onWatch,
  onPick,
}: {
  file: LibraryFile;
  /** Called with the machine the person picks, so the preview shows the file on that machine's bed. */
  onPick?: (machineName: string) => void;
  /** Called with the machine a copy was started on, so the preview can follow it. */
  onWatch: (machineId: number, machineName: string) => void;
}) {
  const t = useT();
  const me = useMe();
  const toast = useToast();
  const errorText = useErrorText();
  const client = useQueryClient();
  const whoami = useDeskQuery('session.whoami', {});
  const machines = useDeskQuery('machines.list', { includeRetired: false });
  const catalog = useDeskQuery('jobs.catalog', {});
  // A ShopBot part file is cut on a wood router only (main refuses it on any other kind).
  const rows = (machines.data ?? []).filter(
    (r) => !r.machine.retired && (file.kind !== 'sbp' || r.machine.kind === 'cnc-router'),
  );
  const accessQueries = useQueries({
    queries: rows.map((r) => ({
      queryKey: ['machines.access', { id: r.machine.id }],
      queryFn: () => call('machines.access', { id: r.machine.id }),
    })),
  });
  const staff = me?.staff === true;
  const choices = choicesFor(
    file,
    rows,
    accessQueries.map((q) => q.data),
    staff,
  );
  const offered = choices.filter((c) => c.offered);
  const notOffered = choices.filter((c) => !c.offered);
  const tiers = catalog.data?.tiers ?? [];
  const roleTier = defaultTierFor(whoami.data?.roles ?? [], tiers);
  const materials = (catalog.data?.materials ?? []).filter((m) => m.active);

  const [machinePick, setMachinePick] = useState('');
  const [tierPick, setTierPick] = useState('');
  const [materialId, setMaterialId] = useState('');
  const [copies, setCopies] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<JobDetail | null>(null);
  const [watching, setWatching] = useState<number | null>(null);
  const live = useLiveJob(watching);
  useJobEndAlert(live, rows.find((r) => r.machine.id === watching)?.machine.name ?? '');
  const started = (machineId: number) => {
    setWatching(machineId);
    onWatch(machineId, rows.find((r) => r.machine.id === machineId)?.machine.name ?? '');
  };

  // The first machine offered that is free now, unless the person picked one.
  const fallback = offered.find((c) => c.idle) ?? offered[0];
  const chosen = offered.find((c) => String(c.machine.id) === machinePick) ?? fallback;
  const tierId = tierPick === '' ? (roleTier?.id ?? null) : Number(tierPick);
  const tierName = tiers.find((x) => x.id === tierId)?.name ?? '';
  const canRunNow = staff && chosen !== undefined && chosen.idle;

  const request = async (): Promise<JobDetail> => {
    const job = await call('jobs.request', {
      title: file.name,
      fileIds: [file.id],
      machineId: chosen!.machine.id,
      ...(materialId === '' ? {} : { materialId: Number(materialId) }),
      quantity: Number(copies),
      ...(staff && tierId !== null ? { tierId } : {}),
      submit: true,
    });
    if (!staff) return job;
    await call('jobs.transition', { id: job.id, to: 'approved' });
    return call('jobs.transition', { id: job.id, to: 'queued' });
  };

  const act = async (runNow: boolean) => {
    if (runNow) askToNotifyOnce();
    setError(null);
    setBusy(true);
    try {
      const job = await request();
      const machineName = chosen!.machine.name;
      // Stay on the machine just used: it turns busy, and the list must not jump to another one under the hand.
      setMachinePick(String(chosen!.machine.id));
      if (!runNow) {
        toast(
          t(staff ? 'jobs.queueFile.queued' : 'jobs.queueFile.requested', {
            number: job.number,
            machine: machineName,
          }),
          'success',
        );
      } else {
        const check = await call('jobs.startCheck', { id: job.id });
        const clear = check.authorized && !check.needsBedClear && !check.machineBusy && !check.machineDown;
        if (clear) {
          await call('jobs.start', { id: job.id, bedClear: false });
          toast(t('jobs.start.started', { number: job.number, machine: machineName }), 'success');
          setWatching(job.machineId);
          if (job.machineId !== null) onWatch(job.machineId, machineName);
        } else {
          // The start check wants more (an override, a clear bed): the job's own start panel asks for it.
          setPending(await call('jobs.get', { id: job.id }));
        }
      }
      await client.invalidateQueries();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void act(false);
  };

  if (me === null || !me.canRequest) return null;
  return (
    <section className="card queue-file" aria-label={t('jobs.queueFile.title')}>
      <h3>{t('jobs.queueFile.title')}</h3>
      <form onSubmit={submit} aria-label={t('jobs.queueFile.title')}>
        <div className="queue-file-fields">
          <label>
            {t('jobs.field.machine')}
            <select
              value={chosen === undefined ? '' : String(chosen.machine.id)}
              onChange={(e) => {
                setMachinePick(e.target.value);
                const name = rows.find((r) => String(r.machine.id) === e.target.value)?.machine.name;
                if (name !== undefined) onPick?.(name);
              }}
              disabled={offered.length === 0}
            >
              {offered.map((c) => (
                <option key={c.machine.id} value={c.machine.id}>
                  {[
                    c.machine.name,
                    ...(c.idle ? [] : [t('jobs.queueFile.busy')]),
                    ...(c.access !== null && !c.access.mayCommand
                      ? [t('jobs.queueFile.overrideNeeded')]
                      : []),
                  ].join(' — ')}
                </option>
              ))}
            </select>
          </label>
          <MaterialField materials={materials} value={materialId} onChange={setMaterialId} />
          <label>
            {t('jobs.queueFile.copies')}
            <input
              type="number"
              min={1}
              max={500}
              value={copies}
              onChange={(e) => setCopies(e.target.value)}
              required
            />
          </label>
          {staff ? (
            <TierField tiers={tiers} value={tierId === null ? '' : String(tierId)} onChange={setTierPick} />
          ) : (
            <p className="hint">{t('jobs.queueFile.tierFixed', { tier: tierName })}</p>
          )}
        </div>
        {offered.length === 0 && machines.isSuccess && <p role="status">{t('jobs.queueFile.none')}</p>}
        <div className="buttons">
          <button type="submit" disabled={busy || chosen === undefined}>
            {t(staff ? 'jobs.queueFile.queue' : 'jobs.queueFile.request', {
              machine: chosen?.machine.name ?? '',
            })}
          </button>
          {staff && (
            <button
              type="button"
              disabled={busy || !canRunNow}
              aria-describedby={canRunNow ? undefined : 'queue-file-run-why'}
              onClick={() => void act(true)}
            >
              {t('jobs.queueFile.runNow', { machine: chosen?.machine.name ?? '' })}
            </button>
          )}
        </div>
        {staff && !canRunNow && chosen !== undefined && (
          <p id="queue-file-run-why" className="hint">
            {t('jobs.queueFile.runWhyBusy', { machine: chosen.machine.name })}
          </p>
        )}
        <FormError error={error} />
      </form>
      {pending !== null && <StartPanelThenWatch job={pending} me={me} onStarted={started} />}
      {live !== null && (
        <p className="queue-file-live">
          <progress
            max={100}
            value={Math.round(shareDone(live) * 100)}
            aria-label={t('jobs.queueFile.progress')}
          />{' '}
          {t('jobs.queueFile.percent', { percent: Math.round(shareDone(live) * 100) })}
        </p>
      )}
      {notOffered.length > 0 && (
        <details className="queue-file-excluded">
          <summary>{t('jobs.queueFile.excluded', { count: notOffered.length })}</summary>
          <ul>
            {notOffered.map((c) => (
              <li key={c.machine.id}>
                {c.machine.name}: {notOfferedWhy(t, c)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The job's own start panel (override, bed clear) for a copy Run now could not start alone; follows it once it runs. */
function StartPanelThenWatch({
  job,
  me,
  onStarted,
}: {
  job: JobDetail;
  me: { id: number; staff: boolean };
  onStarted: (machineId: number) => void;
}) {
  const live = useDeskQuery('jobs.get', { id: job.id });
  const current = live.data ?? job;
  const running = current.runs.some((r) => r.endedAt === null);
  const machineId = current.machineId;
  // Told once: the parent's callback changes with every list it renders.
  const told = useRef(false);
  useEffect(() => {
    if (!running || machineId === null || told.current) return;
    told.current = true;
    onStarted(machineId);
  }, [running, machineId, onStarted]);
  if (running || current.status !== 'queued') return null;
  return <StartPanel job={current} me={me} focusWhenChecked />;
}
