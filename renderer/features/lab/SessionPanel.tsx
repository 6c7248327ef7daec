import { useEffect, useState } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import type { LabSession } from '../../../preload/contract/methods/lab.js';
import { sendUpload } from '../library/upload.js';
import { hostNow, useDeskEvent, useDeskQuery } from '../../api/index.js';
import { useT as useMachinesT } from '../machines/api.js';
import { elapsed, labErrorText, labTime, useLabMutation, useLanguage, useT } from './api.js';

/** The host's limit for a session photo (main/lab/photos.ts), checked here first so nothing is sent in vain. */
const SESSION_PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Seconds since an instant on the host's clock, ticking once a second while shown. */
export function useElapsed(sinceIso: string | null): number {
  const [now, setNow] = useState(() => hostNow().getTime());
  useEffect(() => {
    if (sinceIso === null) return;
    const timer = setInterval(() => setNow(hostNow().getTime()), 1000);
    return () => clearInterval(timer);
  }, [sinceIso]);
  return sinceIso === null ? 0 : Math.max(0, (now - Date.parse(sinceIso)) / 1000);
}

/** Refetch the sessions when main says they changed (a start, a stop, a forgotten one closing itself). */
function useSessionsLive(refetch: () => unknown): void {
  useDeskEvent('changed', (p) => {
    if (p.entity === 'lab_session' || p.entity === 'booking') void refetch();
  });
}

function OpenSessionLine({ session }: { session: LabSession }) {
  const t = useT();
  const language = useLanguage();
  const seconds = useElapsed(session.startedAt);
  return (
    <>
      {t('lab.session.openLine', {
        person: session.personName,
        machine: session.machineName,
        since: labTime(session.startedAt, language),
        elapsed: elapsed(seconds),
      })}
      {session.materialName !== null && ` · ${session.materialName}`}
      {session.presetLabel !== null && ` · ${t('lab.session.preset')} ${session.presetLabel}`}
    </>
  );
}

/** The Machines board's list of who is at which machine now, with elapsed time, and notices of forgotten ones. */
export function OpenSessions() {
  const t = useT();
  const open = useDeskQuery('lab.sessions.list', { open: true });
  const [notices, setNotices] = useState<string[]>([]);
  useSessionsLive(open.refetch);
  useDeskEvent('lab.notice', (n) =>
    setNotices((prev) => [
      ...prev,
      t('lab.session.autoClosed', { machine: n.machineName, hours: Math.round((n.minutes / 60) * 10) / 10 }),
    ]),
  );
  const sessions = open.data ?? [];
  return (
    <section aria-labelledby="lab-open-sessions">
      <h2 id="lab-open-sessions">{t('lab.session.openTitle')}</h2>
      <div role="status">
        {notices.map((n, i) => (
          <p key={i}>{n}</p>
        ))}
      </div>
      {sessions.length === 0 ? (
        <p>{t('lab.session.noneOpen')}</p>
      ) : (
        <ul>
          {sessions.map((s) => (
            <li key={s.id}>
              <OpenSessionLine session={s} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Start or stop a session on one machine: the start passes the training gate (staff may override with a
 * reason), picks a material and a tested preset; the stop takes a note on the result and the material used.
 */
export function SessionPanel({ machine }: { machine: Machine }) {
  const t = useT();
  const tm = useMachinesT();
  const language = useLanguage();
  const sessions = useDeskQuery('lab.sessions.list', { open: true, machineId: machine.id });
  const access = useDeskQuery('machines.access', { id: machine.id });
  const materials = useDeskQuery('lab.materials.list', {});
  const presets = useDeskQuery('lab.presets.list', { machineId: machine.id });
  useSessionsLive(sessions.refetch);
  const start = useLabMutation('lab.sessions.start');
  const stop = useLabMutation('lab.sessions.stop');
  const [materialId, setMaterialId] = useState('');
  const [presetId, setPresetId] = useState('');
  const [override, setOverride] = useState('');
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoProblem, setPhotoProblem] = useState<string | null>(null);
  const [used, setUsed] = useState('');
  const open = sessions.data?.[0] ?? null;
  const seconds = useElapsed(open?.startedAt ?? null);
  const error = start.error ?? stop.error;
  const allowed = access.data?.mayCommand === true;
  const mayOverride = access.data?.mayOverride === true;
  const preset = presets.data?.find((p) => String(p.id) === presetId);
  const material = materials.data?.find((m) => m.id === (open?.materialId ?? Number(materialId)));
  return (
    <section aria-labelledby={`lab-session-${machine.id}`}>
      <h3 id={`lab-session-${machine.id}`}>{t('lab.session.title')}</h3>
      {open !== null ? (
        <form
          aria-label={t('lab.session.stopForm')}
          onSubmit={(e) => {
            e.preventDefault();
            if (photo !== null && photo.size > SESSION_PHOTO_MAX_BYTES) {
              setPhotoProblem(t('lab.session.photoTooLarge'));
              return;
            }
            setPhotoProblem(null);
            const send = async () => {
              const photoUploadId = photo === null ? undefined : await sendUpload(photo);
              stop.mutate(
                {
                  id: open.id,
                  ...(note.trim() === '' ? {} : { note }),
                  ...(used.trim() === '' ? {} : { used: Number(used) }),
                  ...(photoUploadId === undefined ? {} : { photoUploadId }),
                },
                {
                  onSuccess: () => {
                    setNote('');
                    setUsed('');
                    setPhoto(null);
                  },
                },
              );
            };
            send().catch(() => setPhotoProblem(t('lab.session.photoNotSent')));
          }}
        >
          <p role="status">
            {t('lab.session.running', {
              person: open.personName,
              since: labTime(open.startedAt, language),
              elapsed: elapsed(seconds),
              closes: labTime(open.closesAt, language),
            })}
          </p>
          {open.materialId !== null && material !== undefined && (
            <label>
              {t('lab.session.used', { unit: t(`lab.unit.${material.unit}`) })}{' '}
              <input
                type="number"
                min={0}
                step="any"
                value={used}
                onChange={(e) => setUsed(e.target.value)}
              />
            </label>
          )}
          <label>
            {t('lab.session.note')} <textarea value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label>
            {t('lab.session.photo')}{' '}
            <input
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            />
          </label>
          {photoProblem !== null && <p role="alert">{photoProblem}</p>}
          <button type="submit">{t('lab.session.stop', { machine: machine.name })}</button>
        </form>
      ) : (
        <form
          aria-label={t('lab.session.startForm')}
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate({
              machineId: machine.id,
              ...(materialId === '' ? {} : { materialId: Number(materialId) }),
              ...(presetId === '' ? {} : { presetId: Number(presetId) }),
              ...(override.trim() === '' ? {} : { overrideReason: override }),
            });
          }}
        >
          {access.data !== undefined && !allowed && (
            <p>{mayOverride ? t('lab.session.needsOverride') : t('lab.session.notAuthorized')}</p>
          )}
          <label>
            {t('lab.session.material')}{' '}
            <select value={materialId} onChange={(e) => setMaterialId(e.target.value)}>
              <option value="">{t('lab.session.noMaterial')}</option>
              {(materials.data ?? [])
                .filter((m) => m.active)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('lab.session.preset')}{' '}
            <select value={presetId} onChange={(e) => setPresetId(e.target.value)}>
              <option value="">{t('lab.session.noPreset')}</option>
              {(presets.data ?? [])
                .filter((p) => materialId === '' || String(p.materialId) === materialId)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.materialName} · {t(`lab.op.${p.operation}`)} · v{p.version}
                  </option>
                ))}
            </select>
          </label>
          {preset !== undefined && (
            <p>
              {Object.entries(preset.settings)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(' · ')}{' '}
              — {t('lab.preset.tested', { name: preset.testedByName, on: preset.testedOn })}
            </p>
          )}
          {mayOverride && (
            <label>
              {t('lab.session.override')}{' '}
              <input value={override} onChange={(e) => setOverride(e.target.value)} />
            </label>
          )}
          <button type="submit">{t('lab.session.start', { machine: machine.name })}</button>
        </form>
      )}
      {error !== null && <p role="alert">{labErrorText(t, tm, error)}</p>}
    </section>
  );
}
