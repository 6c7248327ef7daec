import { useState } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import { machineKinds } from '../../../preload/contract/machine-kinds.js';
import {
  materialUnits,
  presetOperations,
  type LabMaterial,
  type MaterialUnit,
} from '../../../preload/contract/methods/lab.js';
import { parseAmount, plainCents } from '../../../preload/contract/methods/treasury-money.js';
import { hostNow, useDeskQuery } from '../../api/index.js';
import { useT as useMachinesT } from '../machines/api.js';
import { labErrorText, useLabMutation, useT } from './api.js';
import { labDateOf, labInstant } from './lab-time.js';

/**
 * Staff forms of the lab: a material's unit, cost per unit and forbidden machine kinds; a new tested preset version;
 * the lab's opening hours and a blackout on one machine. Each shows only to people who manage machines; a refusal
 * from the host is shown in the person's language and nothing changes.
 */

function useManages(): { manages: boolean; personId: number | null } {
  const who = useDeskQuery('session.whoami', {});
  return {
    manages: who.data?.permissions.includes('machines.manage') === true,
    personId: who.data?.person.id ?? null,
  };
}

type KindKey = Parameters<ReturnType<typeof useMachinesT>>[0];

/** Edit one material: unit, cost per unit (dollars and cents, kept as integer cents), and a kind it must never go on. */
export function MaterialEditForm() {
  const t = useT();
  const tm = useMachinesT();
  const { manages } = useManages();
  const materials = useDeskQuery('lab.materials.list', {});
  const save = useLabMutation('lab.materials.save');
  const [id, setId] = useState('');
  const [unit, setUnit] = useState<MaterialUnit>('sheet');
  const [cost, setCost] = useState('');
  const [kind, setKind] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!manages) return null;
  const list = materials.data ?? [];
  const chosen: LabMaterial | undefined = list.find((m) => m.id === Number(id));
  const pick = (value: string) => {
    setId(value);
    setSaved(false);
    setProblem(null);
    const m = list.find((x) => x.id === Number(value));
    if (m !== undefined) {
      setUnit(m.unit);
      setCost(plainCents(m.unitCents));
      setKind('');
      setReason('');
    }
  };
  return (
    <form
      aria-label={t('lab.staff.materialForm')}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        if (chosen === undefined) return;
        const amount = parseAmount(cost, { allowZero: true });
        if (!amount.ok) {
          setProblem(t('lab.staff.badCost', { text: cost }));
          return;
        }
        if (kind !== '' && reason.trim().length < 5) {
          setProblem(t('lab.staff.forbidWhy'));
          return;
        }
        setProblem(null);
        const forbidden = chosen.forbidden
          .filter((f) => f.kind !== kind)
          .map((f) => ({ kind: f.kind as (typeof machineKinds)[number], reason: f.reason }));
        if (kind !== '')
          forbidden.push({ kind: kind as (typeof machineKinds)[number], reason: reason.trim() });
        save.mutate(
          {
            id: chosen.id,
            code: chosen.code,
            name: chosen.name,
            unit,
            unitCents: amount.cents,
            tracksStock: chosen.tracksStock,
            forbidden,
            active: chosen.active,
          },
          { onSuccess: () => setSaved(true) },
        );
      }}
    >
      <h3>{t('lab.staff.materialForm')}</h3>
      <label>
        {t('lab.lib.material')}{' '}
        <select required value={id} onChange={(e) => pick(e.target.value)}>
          <option value="">—</option>
          {list.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {chosen !== undefined && (
        <>
          <label>
            {t('lab.staff.unit')}{' '}
            <select value={unit} onChange={(e) => setUnit(e.target.value as MaterialUnit)}>
              {materialUnits.map((u) => (
                <option key={u} value={u}>
                  {t(`lab.unit.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('lab.staff.cost')}{' '}
            <input inputMode="decimal" required value={cost} onChange={(e) => setCost(e.target.value)} />
          </label>
          <p>
            {t('lab.lib.forbidden')}:{' '}
            {chosen.forbidden.length === 0
              ? '—'
              : chosen.forbidden
                  .map((f) => `${tm(`machines.kind.${f.kind}` as KindKey)}: ${f.reason}`)
                  .join(' · ')}
          </p>
          <label>
            {t('lab.staff.forbidKind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">—</option>
              {machineKinds.map((k) => (
                <option key={k} value={k}>
                  {tm(`machines.kind.${k}` as KindKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('lab.staff.forbidReason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit">{t('lab.staff.saveMaterial')}</button>
        </>
      )}
      {problem !== null && <p role="alert">{problem}</p>}
      {save.error !== null && <p role="alert">{labErrorText(t, tm, save.error)}</p>}
      {saved && <p role="status">{t('lab.staff.saved')}</p>}
    </form>
  );
}

/** "powerPct=60" lines into settings: numbers stay numbers, true/false stay booleans. */
function parseSettings(text: string): Record<string, number | string | boolean> | null {
  const out: Record<string, number | string | boolean> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return null;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === '' || value === '') return null;
    out[key] =
      value === 'true'
        ? true
        : value === 'false'
          ? false
          : /^-?\d+(\.\d+)?$/.test(value)
            ? Number(value)
            : value;
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** Save the next version of a preset for a machine × material × operation, with the test-cut note. */
export function PresetVersionForm() {
  const t = useT();
  const tm = useMachinesT();
  const { manages, personId } = useManages();
  const machines = useDeskQuery('machines.list', {});
  const materials = useDeskQuery('lab.materials.list', {});
  const save = useLabMutation('lab.presets.save');
  const [machineId, setMachineId] = useState('');
  const [materialId, setMaterialId] = useState('');
  const [operation, setOperation] = useState<(typeof presetOperations)[number]>('cut');
  const [settings, setSettings] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  if (!manages || personId === null) return null;
  return (
    <form
      aria-label={t('lab.staff.presetForm')}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        const parsed = parseSettings(settings);
        if (parsed === null) {
          setProblem(t('lab.staff.badSettings'));
          return;
        }
        setProblem(null);
        save.mutate(
          {
            machineId: Number(machineId),
            materialId: Number(materialId),
            operation,
            settings: parsed,
            testedById: personId,
            testedOn: labDateOf(hostNow()),
            testNote: note,
          },
          {
            onSuccess: (p) => {
              setSaved(p.version);
              setSettings('');
              setNote('');
            },
          },
        );
      }}
    >
      <h3>{t('lab.staff.presetForm')}</h3>
      <label>
        {t('lab.lib.machine')}{' '}
        <select required value={machineId} onChange={(e) => setMachineId(e.target.value)}>
          <option value="">—</option>
          {(machines.data ?? []).map(({ machine }) => (
            <option key={machine.id} value={machine.id}>
              {machine.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('lab.lib.material')}{' '}
        <select required value={materialId} onChange={(e) => setMaterialId(e.target.value)}>
          <option value="">—</option>
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
        {t('lab.lib.operation')}{' '}
        <select
          value={operation}
          onChange={(e) => setOperation(e.target.value as (typeof presetOperations)[number])}
        >
          {presetOperations.map((o) => (
            <option key={o} value={o}>
              {t(`lab.op.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('lab.staff.settings')}{' '}
        <textarea required rows={3} value={settings} onChange={(e) => setSettings(e.target.value)} />
      </label>
      <label>
        {t('lab.staff.testNote')}{' '}
        <textarea required rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">{t('lab.staff.savePreset')}</button>
      {problem !== null && <p role="alert">{problem}</p>}
      {save.error !== null && <p role="alert">{labErrorText(t, tm, save.error)}</p>}
      {saved !== null && <p role="status">{t('lab.staff.presetSaved', { version: String(saved) })}</p>}
    </form>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

interface DayHours {
  open: boolean;
  opens: string;
  closes: string;
}

/**
 * The lab's opening hours (they hold for every machine's calendar: the contract keeps one set for the lab) and a
 * blackout on this machine (a service visit, a class).
 */
export function HoursAndBlackoutForms({ machine }: { machine: Machine }) {
  const t = useT();
  const tm = useMachinesT();
  const { manages } = useManages();
  const today = labDateOf(hostNow());
  const current = useDeskQuery('lab.bookings.list', {
    machineId: machine.id,
    from: labInstant(today, '00:00').toISOString(),
    to: labInstant(today, '23:59').toISOString(),
  });
  const setHours = useLabMutation('lab.bookings.setHours');
  const addBlackout = useLabMutation('lab.bookings.addBlackout');
  const [days, setDays] = useState<Record<number, DayHours> | null>(null);
  const [from, setFrom] = useState({ date: today, time: '09:00' });
  const [to, setTo] = useState({ date: today, time: '12:00' });
  const [why, setWhy] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!manages || current.data === undefined) return null;
  const shown: Record<number, DayHours> =
    days ??
    Object.fromEntries(
      WEEKDAYS.map((d) => {
        const h = current.data.hours.find((x) => x.weekday === d);
        return [d, { open: h !== undefined, opens: h?.opens ?? '09:00', closes: h?.closes ?? '17:00' }];
      }),
    );
  const change = (d: number, patch: Partial<DayHours>) =>
    setDays({ ...shown, [d]: { ...shown[d]!, ...patch } });
  return (
    <div className="lab-staff-hours">
      <form
        aria-label={t('lab.staff.hoursForm')}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const hours = WEEKDAYS.filter((d) => shown[d]!.open).map((d) => ({
            weekday: d,
            opens: shown[d]!.opens,
            closes: shown[d]!.closes,
          }));
          if (hours.some((h) => h.closes <= h.opens)) {
            setProblem(t('lab.staff.closesAfter'));
            return;
          }
          setProblem(null);
          setHours.mutate({ hours }, { onSuccess: () => setDone(t('lab.staff.hoursSaved')) });
        }}
      >
        <h3>{t('lab.staff.hoursForm')}</h3>
        <p>{t('lab.staff.hoursLabWide')}</p>
        {WEEKDAYS.map((d) => (
          <fieldset key={d}>
            <legend>{t(`lab.staff.day${d}`)}</legend>
            <label>
              <input
                type="checkbox"
                checked={shown[d]!.open}
                onChange={(e) => change(d, { open: e.target.checked })}
              />{' '}
              {t('lab.staff.open', { day: t(`lab.staff.day${d}`) })}
            </label>
            <label>
              {t('lab.staff.opens', { day: t(`lab.staff.day${d}`) })}{' '}
              <input
                type="time"
                disabled={!shown[d]!.open}
                value={shown[d]!.opens}
                onChange={(e) => change(d, { opens: e.target.value })}
              />
            </label>
            <label>
              {t('lab.staff.closes', { day: t(`lab.staff.day${d}`) })}{' '}
              <input
                type="time"
                disabled={!shown[d]!.open}
                value={shown[d]!.closes}
                onChange={(e) => change(d, { closes: e.target.value })}
              />
            </label>
          </fieldset>
        ))}
        <button type="submit">{t('lab.staff.saveHours')}</button>
        {setHours.error !== null && <p role="alert">{labErrorText(t, tm, setHours.error)}</p>}
      </form>
      <form
        aria-label={t('lab.staff.blackoutForm', { machine: machine.name })}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const startsAt = labInstant(from.date, from.time);
          const endsAt = labInstant(to.date, to.time);
          if (endsAt.getTime() <= startsAt.getTime()) {
            setProblem(t('lab.staff.endsAfter'));
            return;
          }
          setProblem(null);
          addBlackout.mutate(
            {
              machineId: machine.id,
              startsAt: startsAt.toISOString(),
              endsAt: endsAt.toISOString(),
              reason: why,
            },
            {
              onSuccess: () => {
                setWhy('');
                setDone(t('lab.staff.blackoutSaved'));
              },
            },
          );
        }}
      >
        <h3>{t('lab.staff.blackoutForm', { machine: machine.name })}</h3>
        <label>
          {t('lab.staff.fromDate')}{' '}
          <input
            type="date"
            required
            value={from.date}
            onChange={(e) => setFrom({ ...from, date: e.target.value })}
          />
        </label>
        <label>
          {t('lab.staff.fromTime')}{' '}
          <input
            type="time"
            required
            value={from.time}
            onChange={(e) => setFrom({ ...from, time: e.target.value })}
          />
        </label>
        <label>
          {t('lab.staff.toDate')}{' '}
          <input
            type="date"
            required
            value={to.date}
            onChange={(e) => setTo({ ...to, date: e.target.value })}
          />
        </label>
        <label>
          {t('lab.staff.toTime')}{' '}
          <input
            type="time"
            required
            value={to.time}
            onChange={(e) => setTo({ ...to, time: e.target.value })}
          />
        </label>
        <label>
          {t('lab.staff.blackoutWhy')} <input required value={why} onChange={(e) => setWhy(e.target.value)} />
        </label>
        <button type="submit">{t('lab.staff.addBlackout')}</button>
        {addBlackout.error !== null && <p role="alert">{labErrorText(t, tm, addBlackout.error)}</p>}
      </form>
      {problem !== null && <p role="alert">{problem}</p>}
      {done !== null && <p role="status">{done}</p>}
    </div>
  );
}
