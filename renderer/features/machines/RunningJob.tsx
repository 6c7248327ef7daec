import { useEffect, useState } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { Machine, MachineSnapshot } from '../../../preload/contract/methods/machines.js';
import { blobUrl, useDeskQuery } from '../../api/index.js';
import type { DecodedMesh, DecodedToolpath } from '../../viewer/decode.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { loadAsset } from '../../viewer/load-asset.js';
import { viewerMessages, type ViewerT } from '../../viewer/messages.js';
import { layerAtLine, PositionMarker } from '../../viewer/PositionMarker.js';
import { Viewer } from '../../viewer/Viewer.js';
import { useLanguage, useT, type MachinesT } from './api.js';

type Job = NonNullable<MachineSnapshot['job']>;

/** The viewer's words in the person's language (the machines area does not carry them in its own table). */
function useViewerT(): ViewerT {
  const table = viewerMessages[useLanguage()];
  return (key, values) =>
    table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
}

export function areaOfMachine(machine: Machine): WorkArea {
  const a = machine.workArea;
  return a === null
    ? { name: machine.name, width: 300, depth: 300, height: 300 }
    : { name: machine.name, width: a.x, depth: a.y, height: a.z };
}

/** "Line 1 234: G1 X10 Y20" — the line the machine last took, the program's own words (never translated). */
export function currentLineText(t: MachinesT, job: Pick<Job, 'ackedLine' | 'ackedText'>): string {
  if (job.ackedLine < 1) return t('machines.running.notYet');
  const text = job.ackedText ?? '';
  return text === ''
    ? t('machines.running.lineOnly', { line: job.ackedLine.toLocaleString() })
    : t('machines.running.line', { line: job.ackedLine.toLocaleString(), text });
}

/** The line the machine is on, as a live caption under a toolpath (polite: read when it changes, not each line). */
export function CurrentLine({ job }: { job: Pick<Job, 'ackedLine' | 'ackedText'> }) {
  const t = useT();
  return (
    <p className="machines-current-line" data-done-line={job.ackedLine}>
      <code>{currentLineText(t, job)}</code>
    </p>
  );
}

/**
 * A library file's toolpath while a copy runs: what is done drawn grey, a marker where the machine is, the current
 * line and the layer. Bytes fetched by URL (never through RPC), drawn by the shared viewer.
 */
export function RunningToolpath({
  file,
  area,
  job,
  height = 300,
}: {
  file: LibraryFile;
  area: WorkArea;
  job: Job;
  height?: number;
}) {
  const t = useT();
  const viewerT = useViewerT();
  const [asset, setAsset] = useState<{ path: string; value: DecodedToolpath | DecodedMesh } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = file.dataPath;
  useEffect(() => {
    const abort = new AbortController();
    loadAsset(blobUrl(path), () => undefined, abort.signal).then(
      (value) => setAsset({ path, value }),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => abort.abort();
  }, [path]);
  if (error !== null) return <p role="alert">{t('machines.running.noPreview', { why: error })}</p>;
  if (asset?.path !== path) return <p className="hint">{viewerT('library.viewer.loading')}</p>;
  const toolpath = asset.value.type === 'toolpath' ? asset.value : null;
  const b = file.summary.bounds;
  const size = b === null ? 100 : Math.max(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
  const layers = toolpath?.layerStarts.length ?? 0;
  const done = job.state === 'completed';
  return (
    <div className="machines-running-view">
      <Viewer
        asset={asset.value}
        summary={file.summary}
        area={area}
        t={viewerT}
        doneLine={done ? Number.MAX_SAFE_INTEGER - 1 : job.ackedLine}
        height={height}
        overlay={(a) =>
          done ? null : (
            <PositionMarker asset={a} doneLine={job.ackedLine} radius={Math.max(0.8, size / 60)} />
          )
        }
      />
      <p className="hint">{t('machines.running.legend')}</p>
      <CurrentLine job={job} />
      {toolpath !== null && layers > 1 && (
        <p>
          {t('machines.running.layer', {
            layer: done ? layers : layerAtLine(toolpath, job.ackedLine) + 1,
            total: layers,
          })}
        </p>
      )}
    </div>
  );
}

/**
 * The machine page's running-job view: the library file of the program that runs (or just ran) on this machine,
 * found by its bytes' SHA-256 among the files the person may see. The practice program is no library file: the
 * caption still names the line.
 */
export function RunningJobView({ machine, snapshot }: { machine: Machine; snapshot: MachineSnapshot }) {
  const t = useT();
  const job = snapshot.job;
  const sha256 = job?.sha256 ?? null;
  const files = useDeskQuery('files.list', { kind: 'gcode' }, { enabled: sha256 !== null });
  const match = sha256 === null ? undefined : files.data?.find((f) => f.sha256 === sha256);
  if (job === null) return null;
  return (
    <section className="machines-running" aria-label={t('machines.running.title')}>
      <h3>{t('machines.running.title')}</h3>
      {match !== undefined ? (
        <RunningToolpath file={match} area={areaOfMachine(machine)} job={job} />
      ) : (
        <>
          {(sha256 === null || files.data !== undefined) && (
            <p className="hint">{t('machines.running.noFile')}</p>
          )}
          <CurrentLine job={job} />
        </>
      )}
    </section>
  );
}
