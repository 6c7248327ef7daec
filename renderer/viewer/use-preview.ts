import { useEffect, useState } from 'react';
import type { FileSummary } from '../../preload/contract/methods/files.js';
import type { DecodedMesh, DecodedToolpath } from './decode.js';
import { chunksPath, isToolpathSummary, loadAsset, meshTooLarge, streamToolpath } from './load-asset.js';
import type { StreamedToolpath } from './Viewer.js';

export type PreviewAsset = DecodedToolpath | DecodedMesh | StreamedToolpath;

export type PreviewState =
  | { kind: 'loading'; progress: number | null }
  | { kind: 'too-large'; triangles: number }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; asset: PreviewAsset };

/**
 * A file's preview for the Viewer, fetched by URL (never through RPC). A toolpath streams in chunks and is ready as
 * soon as its small header has arrived (the viewer draws layers as they come); a model is fetched whole; a model
 * past the triangle cap is known from its summary and not fetched at all. `url` turns a blob path into an address
 * (null while it cannot be built yet).
 */
export function usePreview(
  dataPath: string | null,
  summary: FileSummary | null,
  url: ((path: string) => string) | null,
): PreviewState {
  const [asset, setAsset] = useState<{ path: string; value: PreviewAsset } | null>(null);
  const [progress, setProgress] = useState<{ path: string; value: number | null } | null>(null);
  const [error, setError] = useState<{ path: string; message: string } | null>(null);
  const streamed = summary !== null && isToolpathSummary(summary);
  const skip = summary !== null && meshTooLarge(summary);
  const address =
    url === null || dataPath === null || summary === null || skip
      ? null
      : url(streamed ? chunksPath(dataPath) : dataPath);

  useEffect(() => {
    if (address === null || dataPath === null) return undefined;
    const abort = new AbortController();
    const onProgress = (value: number | null) => setProgress({ path: dataPath, value });
    const failed = (e: unknown) => {
      if (!abort.signal.aborted)
        setError({ path: dataPath, message: e instanceof Error ? e.message : String(e) });
    };
    if (streamed) {
      streamToolpath(
        address,
        {
          onModel: (model) => setAsset({ path: dataPath, value: { type: 'toolpath-stream', model } }),
          onProgress,
        },
        abort.signal,
      ).catch(failed);
    } else {
      loadAsset(address, onProgress, abort.signal).then(
        (value) => setAsset({ path: dataPath, value }),
        failed,
      );
    }
    return () => abort.abort();
  }, [address, streamed, dataPath]);

  if (skip && !isToolpathSummary(summary)) return { kind: 'too-large', triangles: summary.triangles };
  if (error !== null && error.path === dataPath) return { kind: 'failed', message: error.message };
  if (asset === null || asset.path !== dataPath)
    return { kind: 'loading', progress: progress?.path === dataPath ? progress.value : 0 };
  return { kind: 'ready', asset: asset.value };
}
