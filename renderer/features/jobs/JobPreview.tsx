import { useEffect, useState } from 'react';
import type { Machine } from '../../../preload/contract/methods/machines.js';
import { blobUrl, useDeskQuery } from '../../api/index.js';
import type { DecodedMesh, DecodedToolpath } from '../../viewer/decode.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { loadAsset } from '../../viewer/load-asset.js';
import { Viewer } from '../../viewer/LazyViewer.js';
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
  const [asset, setAsset] = useState<{ path: string; value: DecodedToolpath | DecodedMesh } | null>(null);
  const [progress, setProgress] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  const path = file.data?.dataPath ?? null;

  useEffect(() => {
    if (path === null) return undefined;
    const abort = new AbortController();
    loadAsset(blobUrl(path), setProgress, abort.signal).then(
      (value) => setAsset({ path, value }),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => abort.abort();
  }, [path]);

  if (file.error !== null) return <p role="alert">{file.error.message}</p>;
  if (error !== null) return <p role="alert">{error}</p>;
  if (file.data === undefined || asset?.path !== path) {
    return (
      <div className="preview-loading">
        <span>{t('library.viewer.loading')}</span>
        <progress max={1} value={progress ?? undefined} aria-label={t('library.viewer.loading')} />
      </div>
    );
  }
  return (
    <Viewer
      asset={asset.value}
      summary={file.data.summary}
      area={areaOf(machine.data)}
      t={t}
      doneLine={doneLine}
      height={360}
    />
  );
}
