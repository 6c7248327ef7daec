import { useState } from 'react';
import {
  kindConnections,
  kindFields,
  kindIcon,
  machineKindSpec,
  type ConnectionType,
  type KindField,
  type KindFieldValue,
  type Machine,
} from '../../../preload/contract/index.js';
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
  type: ConnectionType;
  path: string;
  baud: number;
  device: string;
  host: string;
  port: string;
  /** The kind's own fields as typed (text for numbers, so a half-typed value is not lost). */
  fields: Record<string, string | boolean>;
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
    device: c?.type === 'device-file' ? c.path : '',
    host: c?.type === 'network' ? c.host : '',
    port: c?.type === 'network' ? String(c.port) : '',
    fields: Object.fromEntries(
      Object.entries(machine?.kindFields ?? {}).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
    ),
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
  const allowed = kindConnections(d.kind);
  // A kind that allows only some connections and firmwares (a sewing machine: manual, none) gets them chosen.
  const chooseKind = (kind: Draft['kind']) =>
    setD((prev) => {
      const connections = kindConnections(kind);
      const type = connections.includes(prev.type) ? prev.type : connections[0]!;
      const fws = machineKindSpec(kind).firmwares;
      const firmware =
        type !== 'serial' && type !== 'simulated'
          ? 'none'
          : fws.includes(prev.firmware)
            ? prev.firmware
            : fws[0]!;
      return { ...prev, kind, type, firmware, fields: {} };
    });
  const chooseType = (type: ConnectionType) =>
    setD((prev) => ({
      ...prev,
      type,
      firmware: type === 'serial' || type === 'simulated' ? prev.firmware : 'none',
    }));
  const area = [d.x, d.y, d.z].every((v) => v.trim() !== '')
    ? { x: Number(d.x), y: Number(d.y), z: Number(d.z) }
    : null;
  const input = {
    name: d.name,
    kind: d.kind,
    firmware: d.firmware,
    connection: connectionOf(d),
    kindFields: fieldValues(kindFields(d.kind), d.fields),
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
        <select value={d.kind} onChange={(e) => chooseKind(e.target.value as Draft['kind'])}>
          {machineKinds.map((k) => (
            <option key={k} value={k}>
              {kindIcon(k)} {t(`machines.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('machines.form.firmware')}{' '}
        <select value={d.firmware} onChange={(e) => set('firmware', e.target.value as Draft['firmware'])}>
          {firmwares
            .filter(
              (f) =>
                (machineKindSpec(d.kind).firmwares as readonly string[]).includes(f) &&
                firmwareReaches(f, d.type),
            )
            .map((f) => (
              <option key={f} value={f}>
                {f === 'none' ? t('machines.form.firmware.none') : FIRMWARE_NAMES[f]}
              </option>
            ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('machines.form.connection')}</legend>
        {allowed.map((type) => (
          <label key={type}>
            <input
              type="radio"
              name="connection"
              checked={d.type === type}
              onChange={() => chooseType(type)}
            />{' '}
            {t(connectionWord[type])}
          </label>
        ))}
        {d.type === 'device-file' && (
          <label>
            {t('machines.form.devicePath')}{' '}
            <input
              required
              value={d.device}
              placeholder="/dev/usb/lp0"
              onChange={(e) => set('device', e.target.value)}
            />
          </label>
        )}
        {d.type === 'network' && (
          <>
            <label>
              {t('machines.form.host')}{' '}
              <input required value={d.host} onChange={(e) => set('host', e.target.value)} />
            </label>
            <label>
              {t('machines.form.netPort')}{' '}
              <input
                type="number"
                required
                min={1}
                max={65535}
                value={d.port}
                onChange={(e) => set('port', e.target.value)}
              />
            </label>
          </>
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
      {kindFields(d.kind).length > 0 && (
        <fieldset>
          <legend>{t('machines.form.kindFields', { kind: t(`machines.kind.${d.kind}`) })}</legend>
          {kindFields(d.kind).map((f) => (
            <KindFieldInput
              key={f.key}
              field={f}
              value={d.fields[f.key]}
              onChange={(v) => setD((prev) => ({ ...prev, fields: { ...prev.fields, [f.key]: v } }))}
            />
          ))}
        </fieldset>
      )}
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

const connectionWord = {
  serial: 'machines.form.serial',
  'device-file': 'machines.form.deviceFile',
  network: 'machines.form.network',
  manual: 'machines.form.manual',
  simulated: 'machines.simulated',
} as const satisfies Record<ConnectionType, string>;

/** The links each firmware is reached by (main's protocol registry checks the same and says why in words). */
function firmwareReaches(firmware: string, type: ConnectionType): boolean {
  if (firmware === 'none') return type !== 'simulated';
  if (firmware === 'rml' || firmware === 'camm')
    return type === 'device-file' || type === 'serial' || type === 'simulated';
  return type === 'serial' || type === 'simulated';
}

function connectionOf(d: Draft): Machine['connection'] {
  switch (d.type) {
    case 'serial':
      return { type: 'serial', path: d.path, baud: d.baud };
    case 'device-file':
      return { type: 'device-file', path: d.device };
    case 'network':
      return { type: 'network', host: d.host, port: Number(d.port) };
    case 'manual':
      return { type: 'manual' };
    case 'simulated':
      return { type: 'simulated' };
  }
}

/** The typed fields as values: numbers from their text, empty ones left out (main says which are required). */
function fieldValues(
  fields: readonly KindField[],
  typed: Record<string, string | boolean>,
): Record<string, KindFieldValue> {
  const out: Record<string, KindFieldValue> = {};
  for (const f of fields) {
    const v = typed[f.key];
    if (v === undefined || v === '') continue;
    if (f.type === 'number') out[f.key] = typeof v === 'string' ? Number(v) : v;
    else out[f.key] = v;
  }
  return out;
}

/** One field of a kind, labelled in the person's language: a number, a yes/no box or a list of choices. */
function KindFieldInput({
  field,
  value,
  onChange,
}: {
  field: KindField;
  value: string | boolean | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const t = useT();
  const label = t(`machines.field.${field.key}` as Parameters<typeof t>[0]);
  if (field.type === 'boolean')
    return (
      <label>
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />{' '}
        {label}
      </label>
    );
  if (field.type === 'choice')
    return (
      <label>
        {label}{' '}
        <select
          required={field.required}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{t('machines.choice.none')}</option>
          {field.choices.map((c) => (
            <option key={c} value={c}>
              {t(`machines.choice.${c}` as Parameters<typeof t>[0])}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        required={field.required}
        min={field.min}
        max={field.max}
        step={field.integer ? 1 : 'any'}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
