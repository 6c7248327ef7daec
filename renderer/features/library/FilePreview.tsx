import { useEffect, useState } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { DecodedMesh, DecodedToolpath } from '../../viewer/decode.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { chunksPath, loadAsset, meshTooLarge, streamToolpath } from '../../viewer/load-asset.js';
import { Viewer } from '../../viewer/LazyViewer.js';
import type { StreamedToolpath } from '../../viewer/Viewer.js';
import { errorText, useBlobUrl, useT } from './api.js';

/**
 * Fetches a file's parsed bytes by URL with a progress bar, then shows the viewer. Other screens (a running job)
 * pass `doneLine` to draw the acknowledged part differently.
 */
export function FilePreview({
  file,
  area,
  doneLine = null,
}: {
  file: LibraryFile;
  area: WorkArea;
  doneLine?: number | null;
}) {
  const t = useT();
  const [asset, setAsset] = useState<{
    path: string;
    value: DecodedToolpath | DecodedMesh | StreamedToolpath;
  } | null>(null);
  const [progress, setProgress] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  const blobUrl = useBlobUrl();
  // A toolpath streams in chunks (drawn as it arrives); a model past the cap is not fetched at all.
  const streamed = file.summary.format === 'gcode';
  const skip = meshTooLarge(file.summary);
  const url = blobUrl === null || skip ? null : blobUrl(streamed ? chunksPath(file.dataPath) : file.dataPath);

  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    const failed = (e: unknown) => {
      if (!abort.signal.aborted) setError(errorText(e));
    };
    if (streamed) {
      streamToolpath(
        url,
        {
          onModel: (model) => setAsset({ path: file.dataPath, value: { type: 'toolpath-stream', model } }),
          onProgress: setProgress,
        },
        abort.signal,
      ).catch(failed);
    } else {
      loadAsset(url, setProgress, abort.signal).then(
        (value) => setAsset({ path: file.dataPath, value }),
        failed,
      );
    }
    return () => abort.abort();
  }, [url, streamed, file.dataPath]);

  if (skip && file.summary.format !== 'gcode')
    return (
      <p className="viewer-too-large" role="alert">
        {t('library.viewer.tooLargeMesh', { count: file.summary.triangles.toLocaleString() })}
      </p>
    );
  if (error !== null) return <p role="alert">{error}</p>;
  if (asset?.path !== file.dataPath) {
    return (
      <div className="preview-loading">
        <span>{t('library.viewer.loading')}</span>
        <progress max={1} value={progress ?? undefined} aria-label={t('library.viewer.loading')} />
      </div>
    );
  }
  return <Viewer asset={asset.value} summary={file.summary} area={area} t={t} doneLine={doneLine} />;
}
