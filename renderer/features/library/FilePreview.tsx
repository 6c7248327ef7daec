import type { ReactNode } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import type { DecodedToolpath } from '../../viewer/decode.js';
import { Viewer } from '../../viewer/LazyViewer.js';
import { usePreview } from '../../viewer/use-preview.js';
import { useBlobUrl, useT } from './api.js';

/**
 * Fetches a file's parsed bytes by URL with a progress bar and shows the viewer (a toolpath as soon as its first
 * chunk arrives). Other screens (a running job) pass `doneLine` to draw the acknowledged part differently.
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
  const preview = usePreview(file.dataPath, file.summary, useBlobUrl());
  switch (preview.kind) {
    case 'too-large':
      return (
        <p className="viewer-too-large" role="alert">
          {t('library.viewer.tooLargeMesh', { count: preview.triangles.toLocaleString() })}
        </p>
      );
    case 'failed':
      return <p role="alert">{preview.message}</p>;
    case 'loading':
      return (
        <div className="preview-loading">
          <span>{t('library.viewer.loading')}</span>
          <progress max={1} value={preview.progress ?? undefined} aria-label={t('library.viewer.loading')} />
        </div>
      );
    case 'ready':
      return (
        <Viewer
          asset={preview.asset}
          summary={file.summary}
          area={area}
          t={t}
          doneLine={doneLine}
          {...(overlay === undefined ? {} : { overlay })}
        />
      );
  }
}
