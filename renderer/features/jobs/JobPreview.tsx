import type { Machine } from '../../../preload/contract/methods/machines.js';
import { blobUrl, useDeskQuery } from '../../api/index.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { Viewer } from '../../viewer/LazyViewer.js';
import { usePreview } from '../../viewer/use-preview.js';
import { useT } from './api.js';

/** A machine's work area for the fit check, or a generous bed when the job names only a kind. */
function areaOf(machine: Machine | undefined): WorkArea {
  if (machine?.workArea != null)
    return {
      name: machine.name,
      width: machine.workArea.x,
      depth: machine.workArea.y,
      height: machine.workArea.z,
    };
  return { name: machine?.name ?? '—', width: 300, depth: 300, height: 300 };
}

/**
 * The job's file in 3D on its machine's bed, as the library shows it: bytes fetched by URL (never through RPC) and
 * drawn by the shared viewer. While a copy streams, `doneLine` greys the part the machine has acknowledged.
 */
export function JobPreview({
  fileId,
  machineId,
  doneLine,
}: {
  fileId: number;
  machineId: number | null;
  doneLine: number | null;
}) {
  const t = useT();
  const file = useDeskQuery('files.get', { id: fileId });
  const machine = useDeskQuery('machines.get', { id: machineId ?? 0 }, { enabled: machineId !== null });
  // A toolpath streams in chunks and is drawn as it arrives (renderer/viewer/use-preview.ts).
  const preview = usePreview(file.data?.dataPath ?? null, file.data?.summary ?? null, blobUrl);

  if (file.error !== null) return <p role="alert">{file.error.message}</p>;
  if (preview.kind === 'failed') return <p role="alert">{preview.message}</p>;
  if (preview.kind === 'too-large')
    return (
      <p className="viewer-too-large" role="alert">
        {t('library.viewer.tooLargeMesh', { count: preview.triangles.toLocaleString() })}
      </p>
    );
  if (file.data === undefined || preview.kind === 'loading') {
    return (
      <div className="preview-loading">
        <span>{t('library.viewer.loading')}</span>
        <progress
          max={1}
          value={preview.kind === 'loading' ? (preview.progress ?? undefined) : undefined}
          aria-label={t('library.viewer.loading')}
        />
      </div>
    );
  }
  return (
    <Viewer
      asset={preview.asset}
      summary={file.data.summary}
      area={areaOf(machine.data)}
      t={t}
      doneLine={doneLine}
      height={360}
    />
  );
}
