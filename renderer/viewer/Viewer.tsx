import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Canvas, useThree } from '@react-three/fiber';
import type { FileSummary } from '../../preload/contract/methods/files.js';
import { segmentAtLine, type DecodedMesh, type DecodedToolpath } from './decode.js';
import { fitCheck, type WorkArea } from './fit-check.js';
import { buildMesh, MAX_DRAWN_TRIANGLES } from './mesh-model.js';
import type { ViewerT } from './messages.js';
import { Bed, CameraRig, type ViewName } from './Scene.js';
import type { StreamedToolpathModel } from './streamed-model.js';
import { ToolpathModel, type ColorMode } from './toolpath-model.js';
import { ToolpathControls, type ToolpathView } from './ToolpathControls.js';

/** A toolpath still arriving in chunks (load-asset.ts streamToolpath): drawn as it comes. */
export interface StreamedToolpath {
  type: 'toolpath-stream';
  model: StreamedToolpathModel;
}

export interface ViewerProps {
  asset: DecodedToolpath | DecodedMesh | StreamedToolpath;
  summary: FileSummary;
  area: WorkArea;
  t: ViewerT;
  /** Last source line the machine acknowledged (live progress), or null. */
  doneLine?: number | null;
  /** Canvas height in CSS pixels. */
  height?: number;
  /** More to draw in a toolpath's scene (the running job's position marker), given the decoded toolpath. */
  overlay?: (asset: DecodedToolpath) => ReactNode;
}

/**
 * The 3D preview: the machine's work area, the toolpath or model, a fit check and the controls. Nothing renders
 * while nothing changes (frameloop="demand"); controls change draw ranges, colours or one uniform, never geometry.
 */
export function Viewer({ asset, summary, area, t, doneLine = null, height = 480, overlay }: ViewerProps) {
  const [view, setView] = useState<{ name: ViewName; key: number }>({ name: 'iso', key: 0 });
  // A toolpath is always drawn (with less detail past the budget); only a model past the cap is summarised.
  const tooLarge = asset.type === 'mesh' && asset.triangles > MAX_DRAWN_TRIANGLES;
  const fit = fitCheck(summary, area);
  const b = summary.bounds;
  // G-code is already placed on the machine; a model is not (the slicer places it), so it sits on the bed's middle.
  const shift: [number, number, number] =
    asset.type === 'mesh' && b !== null
      ? [area.width / 2 - (b.min[0] + b.max[0]) / 2, area.depth / 2 - (b.min[1] + b.max[1]) / 2, -b.min[2]]
      : [0, 0, 0];
  const cx = b === null ? area.width / 2 : (b.min[0] + b.max[0]) / 2 + shift[0];
  const cy = b === null ? area.depth / 2 : (b.min[1] + b.max[1]) / 2 + shift[1];
  const cz = b === null ? 0 : (b.min[2] + b.max[2]) / 2 + shift[2];
  const radius =
    b === null
      ? Math.max(area.width, area.depth) / 2
      : Math.max(10, Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]) / 2);

  const fitText = fit.fits
    ? t('library.viewer.fits', { machine: area.name })
    : t(fit.outside ? 'library.viewer.offBed' : 'library.viewer.tooBig', {
        machine: area.name,
        axis: fit.axis,
        size: fit.size.toFixed(1),
        limit: fit.limit,
      });

  return (
    <div className="viewer" data-testid="viewer">
      <p className={fit.fits ? 'viewer-fit ok' : 'viewer-fit warning'} role={fit.fits ? 'status' : 'alert'}>
        {fitText}
      </p>
      {tooLarge ? (
        <p className="viewer-too-large" role="alert">
          {t('library.viewer.tooLargeMesh', {
            count: asset.triangles.toLocaleString(),
          })}
        </p>
      ) : (
        <>
          <div className="viewer-views" role="group">
            {(['top', 'front', 'iso'] as const).map((name) => (
              <button
                key={name}
                type="button"
                onClick={() => setView((v) => ({ name, key: v.key + 1 }))}
                aria-pressed={view.name === name}
              >
                {t(`library.viewer.view.${name}`)}
              </button>
            ))}
          </div>
          {asset.type === 'toolpath-stream' ? (
            <StreamedToolpathView
              model={asset.model}
              area={area}
              t={t}
              doneLine={doneLine}
              camera={{ cx, cy, cz, radius, view }}
              height={height}
              features={summary.format === 'gcode' ? summary.features : []}
            />
          ) : asset.type === 'toolpath' ? (
            <ToolpathView
              asset={asset}
              area={area}
              t={t}
              doneLine={doneLine}
              camera={{ cx, cy, cz, radius, view }}
              height={height}
              features={summary.format === 'gcode' ? summary.features : []}
              overlay={overlay}
            />
          ) : (
            <div className="viewer-canvas" style={{ height, width: '100%' }}>
              <Canvas
                frameloop="demand"
                gl={{ preserveDrawingBuffer: true, antialias: true }}
                camera={{ fov: 40, position: [0, -200, 200] }}
              >
                <ambientLight intensity={0.55} />
                <directionalLight position={[1, -1.5, 2]} intensity={1.6} />
                <directionalLight position={[-1, 1, 0.5]} intensity={0.5} />
                <Bed area={area} />
                <group position={shift}>
                  <MeshObject asset={asset} />
                </group>
                <CameraRig cx={cx} cy={cy} cz={cz} radius={radius} view={view.name} viewKey={view.key} />
              </Canvas>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function MeshObject({ asset }: { asset: DecodedMesh }) {
  const mesh = useMemo(() => buildMesh(asset), [asset]);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    invalidate();
    return () => {
      mesh.geometry.dispose();
    };
  }, [mesh, invalidate]);
  return <primitive object={mesh} />;
}

interface CameraSpec {
  cx: number;
  cy: number;
  cz: number;
  radius: number;
  view: { name: ViewName; key: number };
}

function ToolpathView({
  asset,
  area,
  t,
  doneLine,
  camera,
  height,
  features,
  overlay,
}: {
  asset: DecodedToolpath;
  area: WorkArea;
  t: ViewerT;
  doneLine: number | null;
  camera: CameraSpec;
  height: number;
  features: readonly string[];
  overlay: ViewerProps['overlay'];
}) {
  const model = useMemo(() => new ToolpathModel(asset), [asset]);
  const layers = asset.layerStarts.length;
  const [state, setState] = useState<ToolpathView>({
    from: 0,
    to: Math.max(0, layers - 1),
    inLayer: 1,
    travel: false,
    color: features.length > 0 ? 'feature' : 'kind',
  });
  useEffect(() => () => model.dispose(), [model]);
  const done = doneLine === null ? 0 : segmentAtLine(asset.lines, doneLine + 1);
  return (
    <>
      {model.mergeLength > 0 && (
        <p className="viewer-reduced" role="status">
          {t('library.viewer.reducedDetail', {
            count: model.segmentCount.toLocaleString(),
            drawn: model.drawnCount.toLocaleString(),
          })}
        </p>
      )}
      <div className="viewer-canvas" style={{ height, width: '100%' }}>
        <Canvas
          frameloop="demand"
          gl={{ preserveDrawingBuffer: true, antialias: true }}
          camera={{ fov: 40, position: [0, -200, 200] }}
        >
          <Bed area={area} />
          <primitive object={model.work.object} />
          <primitive object={model.travel.object} />
          <ToolpathSync model={model} state={state} done={done} />
          {overlay?.(asset)}
          <CameraRig
            cx={camera.cx}
            cy={camera.cy}
            cz={camera.cz}
            radius={camera.radius}
            view={camera.view.name}
            viewKey={camera.view.key}
          />
        </Canvas>
      </div>
      <ToolpathControls layers={layers} features={features} state={state} onChange={setState} t={t} />
    </>
  );
}

/** Applies control state to the GPU objects (draw ranges, a visibility flag, colours, one uniform) and asks for one frame. */
function ToolpathSync({ model, state, done }: { model: ToolpathModel; state: ToolpathView; done: number }) {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const [start, end] = model.layerSpan(state.from, state.to);
    const [topStart] = model.layerSpan(state.to, state.to);
    const cut = Math.round(topStart + (end - topStart) * state.inLayer);
    model.setSegmentRange(start, Math.max(start, cut));
    invalidate();
  }, [model, state.from, state.to, state.inLayer, invalidate]);
  useEffect(() => {
    model.setShowTravel(state.travel);
    invalidate();
  }, [model, state.travel, invalidate]);
  useEffect(() => {
    model.setColorMode(state.color satisfies ColorMode);
    invalidate();
  }, [model, state.color, invalidate]);
  useEffect(() => {
    model.setProgress(done);
    invalidate();
  }, [model, done, invalidate]);
  return null;
}

/** A toolpath drawn while its chunks arrive: the sliders reach every layer at once; what has arrived is drawn. */
function StreamedToolpathView({
  model,
  area,
  t,
  doneLine,
  camera,
  height,
  features,
}: {
  model: StreamedToolpathModel;
  area: WorkArea;
  t: ViewerT;
  doneLine: number | null;
  camera: CameraSpec;
  height: number;
  features: readonly string[];
}) {
  const layers = model.layerStarts.length;
  const [state, setState] = useState<ToolpathView>({
    from: 0,
    to: Math.max(0, layers - 1),
    inLayer: 1,
    travel: false,
    color: features.length > 0 ? 'feature' : 'kind',
  });
  const received = useSyncExternalStore(
    (listener) => model.subscribe(listener),
    () => model.received,
  );
  useEffect(() => () => model.dispose(), [model]);
  const percent = model.segmentCount === 0 ? 100 : Math.floor((100 * received) / model.segmentCount);
  return (
    <>
      {model.reduced && (
        <p className="viewer-reduced" role="status">
          {t('library.viewer.reducedDetail', {
            count: model.segmentCount.toLocaleString(),
            drawn: (model.complete ? model.drawnCount : model.capacity).toLocaleString(),
          })}
        </p>
      )}
      {!model.complete && (
        <div className="preview-loading">
          <span>{t('library.viewer.loading')}</span>
          <progress max={100} value={percent} aria-label={t('library.viewer.loading')} />
        </div>
      )}
      <div className="viewer-canvas" style={{ height, width: '100%' }}>
        <Canvas
          frameloop="demand"
          gl={{ preserveDrawingBuffer: true, antialias: true }}
          camera={{ fov: 40, position: [0, -200, 200] }}
        >
          <Bed area={area} />
          <primitive object={model.object} />
          <StreamedSync model={model} state={state} doneLine={doneLine} received={received} />
          <CameraRig
            cx={camera.cx}
            cy={camera.cy}
            cz={camera.cz}
            radius={camera.radius}
            view={camera.view.name}
            viewKey={camera.view.key}
          />
        </Canvas>
      </div>
      <ToolpathControls layers={layers} features={features} state={state} onChange={setState} t={t} />
    </>
  );
}

function StreamedSync({
  model,
  state,
  doneLine,
  received,
}: {
  model: StreamedToolpathModel;
  state: ToolpathView;
  doneLine: number | null;
  received: number;
}) {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const [start, end] = model.layerSpan(state.from, state.to);
    const [topStart] = model.layerSpan(state.to, state.to);
    const cut = Math.round(topStart + (end - topStart) * state.inLayer);
    model.setSegmentRange(start, Math.max(start, cut));
    invalidate();
  }, [model, state.from, state.to, state.inLayer, invalidate]);
  useEffect(() => {
    model.setShowTravel(state.travel);
    model.setColorMode(state.color satisfies ColorMode);
    model.setDoneLine(doneLine);
    invalidate();
  }, [model, state.travel, state.color, doneLine, invalidate]);
  // A new chunk was drawn: one frame.
  useEffect(() => invalidate(), [received, invalidate]);
  return null;
}
