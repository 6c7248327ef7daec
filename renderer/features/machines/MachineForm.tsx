import { useState } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import { baudRates, firmwares, machineKinds } from '../../../preload/contract/methods/machines.js';
import { AlreadyQualified } from '../people/AlreadyQualified.js';
import { errorText, useMachinesMutation, useMachinesQuery, useT } from './api.js';

/** Machine languages by their own names (not translated). */
const FIRMWARE_NAMES = {
  grbl: 'Grbl',
  marlin: 'Marlin',
  rml: 'Roland RML-1',
  camm: 'Roland CAMM-GL',
} as const;

interface Draft {
  name: string;
  kind: Machine['kind'];
  firmware: Machine['firmware'];
  type: Machine['connection']['type'];
  path: string;
  baud: number;
  x: string;
  y: string;
  z: string;
  notes: string;
  maxHotendC: number;
  maxBedC: number;
}

function draftOf(machine: Machine | null): Draft {
  const c = machine?.connection;
  return {
    name: machine?.name ?? '',
    kind: machine?.kind ?? 'cnc-router',
    firmware: machine?.firmware ?? 'grbl',
    type: c?.type ?? 'serial',
    path: c?.type === 'serial' || c?.type === 'device-file' ? c.path : '',
    baud: c?.type === 'serial' ? c.baud : 115200,
    x: String(machine?.workArea?.x ?? ''),
    y: String(machine?.workArea?.y ?? ''),
    z: String(machine?.workArea?.z ?? ''),
    notes: machine?.notes ?? '',
    maxHotendC: machine?.maxHotendC ?? 260,
    maxBedC: machine?.maxBedC ?? 110,
  };
}

/**
 * Register or edit a machine (staff). The port list comes from the operating system; pseudo-terminals and
 * anything else it does not list can be typed as a path.
 */
export function MachineForm({ machine, onDone }: { machine: Machine | null; onDone: () => void }) {
  const t = useT();
  const [d, setD] = useState<Draft>(() => draftOf(machine));
  const ports = useMachinesQuery('machines.ports', {}, d.type === 'serial');
  const create = useMachinesMutation('machines.create');
  const update = useMachinesMutation('machines.update');
  const retire = useMachinesMutation('machines.retire');
  const [reason, setReason] = useState('');
  const [created, setCreated] = useState<Machine | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const area = [d.x, d.y, d.z].every((v) => v.trim() !== '')
    ? { x: Number(d.x), y: Number(d.y), z: Number(d.z) }
    : null;
  const input = {
    name: d.name,
    kind: d.kind,
    firmware: d.firmware,
    connection:
      d.type === 'serial'
        ? { type: 'serial' as const, path: d.path, baud: d.baud }
        : d.type === 'device-file'
          ? { type: 'device-file' as const, path: d.path }
          : { type: 'simulated' as const },
    workArea: area,
    notes: d.notes,
    maxHotendC: d.maxHotendC,
    maxBedC: d.maxBedC,
  };
  const save = () => {
    // A new machine asks next who is already qualified on it, so they need no staff override to run it.
    if (machine === null) create.mutate(input, { onSuccess: (made) => setCreated(made) });
    else update.mutate({ id: machine.id, ...input }, { onSuccess: onDone });
  };
  const error = create.error ?? update.error ?? retire.error;
  if (created !== null) return <AlreadyQualified machine={created} onDone={onDone} />;
  return (
    <form
      className="machines-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2>{machine === null ? t('machines.form.add') : t('machines.form.edit', { name: machine.name })}</h2>
      <label>
        {t('machines.form.name')}{' '}
        <input required value={d.name} onChange={(e) => set('name', e.target.value)} />
      </label>
      <label>
        {t('machines.form.kind')}{' '}
        <select value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
          {machineKinds.map((k) => (
            <option key={k} value={k}>
              {t(`machines.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('machines.form.firmware')}{' '}
        <select value={d.firmware} onChange={(e) => set('firmware', e.target.value as Draft['firmware'])}>
          {firmwares.map((f) => (
            <option key={f} value={f}>
              {f === 'none' ? t('machines.form.firmware.none') : FIRMWARE_NAMES[f]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('machines.form.connection')}</legend>
        <label>
          <input type="radio" checked={d.type === 'serial'} onChange={() => set('type', 'serial')} />{' '}
          {t('machines.form.serial')}
        </label>
        <label>
          <input type="radio" checked={d.type === 'simulated'} onChange={() => set('type', 'simulated')} />{' '}
          {t('machines.simulated')}
        </label>
        <label>
          <input
            type="radio"
            checked={d.type === 'device-file'}
            onChange={() => set('type', 'device-file')}
          />{' '}
          {t('machines.form.deviceFile')}
        </label>
        {d.type === 'device-file' && (
          <label>
            {t('machines.form.devicePath')}{' '}
            <input
              required
              value={d.path}
              placeholder="/dev/usb/lp0"
              onChange={(e) => set('path', e.target.value)}
            />
          </label>
        )}
        {d.type === 'serial' && (
          <>
            <label>
              {t('machines.form.port')}{' '}
              <input
                list="machines-ports"
                required
                value={d.path}
                placeholder="/dev/ttyUSB0"
                onChange={(e) => set('path', e.target.value)}
              />
            </label>
            <datalist id="machines-ports">
              {(ports.data ?? []).map((p) => (
                <option key={p.path} value={p.path}>
                  {p.manufacturer ?? ''}
                </option>
              ))}
            </datalist>
            <p className="hint">{t('machines.form.port.hint')}</p>
            <label>
              {t('machines.form.baud')}{' '}
              <select value={d.baud} onChange={(e) => set('baud', Number(e.target.value))}>
                {baudRates.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('machines.form.area')}</legend>
        {(['x', 'y', 'z'] as const).map((axis) => (
          <label key={axis}>
            {axis.toUpperCase()}{' '}
            <input type="number" min={1} value={d[axis]} onChange={(e) => set(axis, e.target.value)} />
          </label>
        ))}
      </fieldset>
      {(d.firmware === 'marlin' || d.kind === 'fff-printer') && (
        <fieldset>
          <legend>{t('machines.temperatures')}</legend>
          <label>
            {t('machines.form.maxHotend')}{' '}
            <input
              type="number"
              min={0}
              max={500}
              value={d.maxHotendC}
              onChange={(e) => set('maxHotendC', Number(e.target.value) || 0)}
            />
          </label>
          <label>
            {t('machines.form.maxBed')}{' '}
            <input
              type="number"
              min={0}
              max={200}
              value={d.maxBedC}
              onChange={(e) => set('maxBedC', Number(e.target.value) || 0)}
            />
          </label>
        </fieldset>
      )}
      <label>
        {t('machines.form.notes')} <textarea value={d.notes} onChange={(e) => set('notes', e.target.value)} />
      </label>
      <div className="machines-buttons">
        <button type="submit">{t('machines.form.save')}</button>
        <button type="button" onClick={onDone}>
          {t('machines.form.cancel')}
        </button>
      </div>
      {machine !== null && !machine.retired && (
        <div className="machines-buttons">
          <label>
            {t('machines.form.retireReason')}{' '}
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            disabled={reason.trim() === ''}
            onClick={() => retire.mutate({ id: machine.id, reason }, { onSuccess: onDone })}
          >
            {t('machines.form.retire')}
          </button>
        </div>
      )}
      {error !== null && <p role="alert">{errorText(t, error)}</p>}
    </form>
  );
}
