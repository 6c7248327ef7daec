import { useEffect, useState, type ReactNode } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { DecodedMesh, DecodedToolpath } from '../../viewer/decode.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { loadAsset } from '../../viewer/load-asset.js';
import { Viewer } from '../../viewer/Viewer.js';
import { errorText, useBlobUrl, useT } from './api.js';

/**
 * Fetches a file's parsed bytes by URL with a progress bar, then shows the viewer. Other screens (a running job)
 * pass `doneLine` to draw the acknowledged part differently.
 */
export function FilePreview({
  file,
  area,
  doneLine = null,
  overlay,
}: {
  file: LibraryFile;
  area: WorkArea;
  doneLine?: number | null;
  /** More to draw in the toolpath's scene (the running copy's position marker). */
  overlay?: (asset: DecodedToolpath) => ReactNode;
}) {
  const t = useT();
  const [asset, setAsset] = useState<{ path: string; value: DecodedToolpath | DecodedMesh } | null>(null);
  const [progress, setProgress] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  const blobUrl = useBlobUrl();
  const url = blobUrl === null ? null : blobUrl(file.dataPath);

  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    loadAsset(url, setProgress, abort.signal).then(
      (value) => setAsset({ path: file.dataPath, value }),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(errorText(e));
      },
    );
    return () => abort.abort();
  }, [url, file.dataPath]);

  if (error !== null) return <p role="alert">{error}</p>;
  if (asset?.path !== file.dataPath) {
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
      summary={file.summary}
      area={area}
      t={t}
      doneLine={doneLine}
      {...(overlay === undefined ? {} : { overlay })}
    />
  );
}
