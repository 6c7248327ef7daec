import { useEffect, useState } from 'react';
import {
  MODS_DEFAULTS,
  type CutParams,
  type MillParams,
  type ToolpathPlan,
  type toolpathProcesses,
} from '../../../preload/contract/methods/toolpaths.js';
import { ToolpathOverlay } from '../../viewer/ToolpathOverlay.js';
import { sendUpload } from '../library/upload.js';
import { errorText, useT, useToolpathsMutation, useToolpathsQuery, type ToolpathsT } from './api.js';

type Process = (typeof toolpathProcesses)[number];

const MILL_FIELDS = [
  ['toolDiameter', 'toolpaths.toolDiameter', 0.001],
  ['cutDepth', 'toolpaths.cutDepth', 0.001],
  ['maxDepth', 'toolpaths.maxDepth', 0.001],
  ['offsets', 'toolpaths.offsets', 1],
  ['stepover', 'toolpaths.stepover', 0.05],
  ['speed', 'toolpaths.speed', 0.5],
] as const;

const CUT_FIELDS = [
  ['force', 'toolpaths.force', 1],
  ['speed', 'toolpaths.cutSpeed', 1],
  ['bladeOffset', 'toolpaths.bladeOffset', 0.01],
  ['overcut', 'toolpaths.overcut', 0.1],
] as const;

function NumberField({
  label,
  value,
  step,
  onChange,
}: {
  label: string;
  value: number;
  step: number;
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        step={step}
        min={0}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

function Findings({ plan, t }: { plan: ToolpathPlan; t: ToolpathsT }) {
  const f = (v: number) => v.toFixed(2);
  if (plan.gaps.length === 0) return <p role="status">{t('toolpaths.drc.ok')}</p>;
  return (
    <div role="alert">
      <p>{t('toolpaths.drc.found', { count: plan.gaps.length })}</p>
      <ul>
        {plan.gaps.map((g, i) => (
          <li key={i}>
            {t(g.kind === 'merge' ? 'toolpaths.drc.merge' : 'toolpaths.drc.uncut', {
              width: f(g.width),
              x: f(g.x),
              y: f(g.y),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "Mill a board" / "Cut vinyl": pick a board image or drawing, the Roland, the process and mods's parameters (the
 * values last used on that machine for that material come back), preview with the design-rule check, then send.
 * Sending goes through the same training gate as every machine command; nothing reaches the machine before it.
 */
export function MillBoard({ onBack }: { onBack: () => void }) {
  const t = useT();
  const [process, setProcess] = useState<Process>('pcb-traces');
  const [sourceId, setSourceId] = useState<number | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [machineId, setMachineId] = useState<number | null>(null);
  const [material, setMaterial] = useState('FR-1');
  const [dpi, setDpi] = useState('');
  // What the person typed; until then the values last used on this machine for this material, else mods's.
  const [millEdit, setMill] = useState<MillParams | null>(null);
  const [cutEdit, setCut] = useState<CutParams | null>(null);
  const [override, setOverride] = useState('');
  const [adding, setAdding] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const sources = useToolpathsQuery('toolpaths.sources', {});
  const machines = useToolpathsQuery('machines.list', { includeRetired: false });
  const vinyl = process === 'vinyl';
  const fitting = (machines.data ?? []).filter((m) => m.machine.firmware === (vinyl ? 'camm' : 'rml'));
  const chosen = fitting.find((m) => m.machine.id === machineId) ?? fitting[0];
  const remembered = useToolpathsQuery(
    'toolpaths.settings',
    { machineId: chosen?.machine.id ?? 0, material: material.trim() || '-', process },
    chosen !== undefined && material.trim() !== '',
  );
  const importSource = useToolpathsMutation('toolpaths.import');
  const plan = useToolpathsMutation('toolpaths.plan');
  const send = useToolpathsMutation('toolpaths.send');

  const mill = millEdit ?? remembered.data?.mill ?? MODS_DEFAULTS.mill[vinyl ? 'pcb-traces' : process];
  const cut = cutEdit ?? remembered.data?.cut ?? MODS_DEFAULTS.cut;
  const startOver = () => {
    setMill(null);
    setCut(null);
    plan.reset();
    send.reset();
  };
  useEffect(() => () => (imageUrl !== null ? URL.revokeObjectURL(imageUrl) : undefined), [imageUrl]);

  const input =
    sourceId === null || chosen === undefined
      ? null
      : {
          sourceId,
          machineId: chosen.machine.id,
          process,
          material: material.trim(),
          ...(vinyl ? { cut } : { mill }),
          ...(dpi.trim() === '' ? {} : { dpi: Number(dpi) }),
        };

  const add = async (file: File) => {
    setAddError(null);
    if (!/\.(png|svg|rml|prn|camm)$/i.test(file.name)) {
      setAddError(t('toolpaths.source.notAccepted', { name: file.name }));
      return;
    }
    setAdding(file.name);
    try {
      const uploadId = await sendUpload(file);
      const made = await importSource.mutateAsync({ uploadId, name: file.name });
      setSourceId(made.id);
      setImageUrl(/\.png$/i.test(file.name) ? URL.createObjectURL(file) : null);
      await sources.refetch();
    } catch (error) {
      setAddError(errorText(error));
    } finally {
      setAdding(null);
    }
  };

  const planned = plan.data;
  return (
    <section className="toolpaths">
      <h1>{t('toolpaths.title')}</h1>
      <button type="button" onClick={onBack}>
        {t('toolpaths.back')}
      </button>
      <fieldset>
        <legend>{t('toolpaths.process')}</legend>
        {(['pcb-traces', 'pcb-outline', 'vinyl'] as const).map((p) => (
          <label key={p}>
            <input
              type="radio"
              name="toolpaths-process"
              checked={process === p}
              onChange={() => {
                setProcess(p);
                setMaterial(p === 'vinyl' ? 'vinyl' : 'FR-1');
                startOver();
              }}
            />{' '}
            {t(`toolpaths.process.${p}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('toolpaths.source')}{' '}
        <select
          value={sourceId ?? ''}
          onChange={(e) => {
            setSourceId(e.target.value === '' ? null : Number(e.target.value));
            setImageUrl(null);
            plan.reset();
          }}
        >
          <option value="">{t('toolpaths.source.none')}</option>
          {(sources.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('toolpaths.source.add')}{' '}
        <input
          type="file"
          accept=".png,.svg,.rml,.prn,.camm,image/png,image/svg+xml"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file !== undefined) void add(file);
          }}
        />
      </label>
      {adding !== null && <p role="status">{t('toolpaths.source.adding', { name: adding })}</p>}
      {addError !== null && <p role="alert">{addError}</p>}
      {machines.isSuccess && fitting.length === 0 ? (
        <p role="alert">
          {t('toolpaths.machine.none', {
            what: t(vinyl ? 'toolpaths.machine.cutter' : 'toolpaths.machine.mill'),
          })}
        </p>
      ) : (
        <label>
          {t('toolpaths.machine')}{' '}
          <select
            value={chosen?.machine.id ?? ''}
            onChange={(e) => {
              setMachineId(Number(e.target.value));
              startOver();
            }}
          >
            {fitting.map((m) => (
              <option key={m.machine.id} value={m.machine.id}>
                {m.machine.name}
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      <label>
        {t('toolpaths.material')}{' '}
        <input
          value={material}
          maxLength={60}
          onChange={(e) => {
            setMaterial(e.target.value);
            startOver();
          }}
        />
      </label>{' '}
      <label>
        {t('toolpaths.dpi')}{' '}
        <input type="number" min={1} value={dpi} onChange={(e) => setDpi(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('toolpaths.params')}</legend>
        <p>
          {remembered.data === null || remembered.data === undefined
            ? t('toolpaths.preset')
            : t('toolpaths.remembered', { material, date: remembered.data.updatedAt.slice(0, 10) })}
        </p>
        {vinyl
          ? CUT_FIELDS.map(([key, label, step]) => (
              <NumberField
                key={key}
                label={t(label)}
                step={step}
                value={cut[key]}
                onChange={(v) => setCut({ ...cut, [key]: v })}
              />
            ))
          : MILL_FIELDS.map(([key, label, step]) => (
              <NumberField
                key={key}
                label={t(label)}
                step={step}
                value={mill[key]}
                onChange={(v) => setMill({ ...mill, [key]: v })}
              />
            ))}
        {!vinyl && (
          <label>
            {t('toolpaths.direction')}{' '}
            <select
              value={mill.direction}
              onChange={(e) => setMill({ ...mill, direction: e.target.value as MillParams['direction'] })}
            >
              <option value="climb">{t('toolpaths.direction.climb')}</option>
              <option value="conventional">{t('toolpaths.direction.conventional')}</option>
            </select>
          </label>
        )}
      </fieldset>
      <p className="hint">{t('toolpaths.better')}</p>
      <button
        type="button"
        disabled={input === null || plan.isPending}
        onClick={() => {
          send.reset();
          if (input !== null) plan.mutate(input);
        }}
      >
        {plan.isPending ? t('toolpaths.planning') : t('toolpaths.preview')}
      </button>
      {plan.error !== null && <p role="alert">{errorText(plan.error)}</p>}
      {planned !== undefined && (
        <>
          <p>
            {t('toolpaths.summary', {
              model: planned.modelName,
              loops: planned.summary.loops,
              length: Math.round(planned.summary.cutLengthMm),
              minutes: Math.max(1, Math.round(planned.summary.estimatedSeconds / 60)),
              bytes: planned.machineBytes,
            })}
          </p>
          <Findings plan={planned} t={t} />
          <ToolpathOverlay
            key={plan.submittedAt}
            plan={planned}
            imageUrl={imageUrl}
            words={{
              label: t('toolpaths.view.label'),
              order: t('toolpaths.view.order'),
              play: t('toolpaths.view.play'),
              pause: t('toolpaths.view.pause'),
              depth: t('toolpaths.view.depth'),
              gap: (width) => t('toolpaths.view.gap', { width }),
            }}
          />
          <label>
            {t('toolpaths.override')} <input value={override} onChange={(e) => setOverride(e.target.value)} />
          </label>{' '}
          <button
            type="button"
            disabled={input === null || send.isPending}
            onClick={() => {
              if (input !== null)
                send.mutate({
                  ...input,
                  ...(override.trim() === '' ? {} : { overrideReason: override.trim() }),
                });
            }}
          >
            {send.isPending
              ? t('toolpaths.sending')
              : t('toolpaths.send', { machine: chosen?.machine.name ?? '' })}
          </button>
          <p className="hint">{t('toolpaths.queueNote')}</p>
          {send.error !== null && <p role="alert">{errorText(send.error)}</p>}
          {send.data !== undefined && <p role="status">{t('toolpaths.sent', { run: send.data.runId })}</p>}
        </>
      )}
    </section>
  );
}
