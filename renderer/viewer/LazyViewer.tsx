import { lazy, Suspense } from 'react';
import type { ViewerProps } from './Viewer.js';

// three.js and @react-three/fiber are about half of the renderer's code: they load with the first preview opened,
// not at login (issue 17: the login screen stays small).
const RealViewer = lazy(() => import('./Viewer.js').then((m) => ({ default: m.Viewer })));

/** The Viewer with the same props, loaded when it is first shown; the loading line stands in meanwhile. */
export function Viewer(props: ViewerProps) {
  return (
    <Suspense
      fallback={
        <div className="preview-loading" data-testid="viewer-loading">
          <span>{props.t('library.viewer.loading')}</span>
        </div>
      }
    >
      <RealViewer {...props} />
    </Suspense>
  );
}
