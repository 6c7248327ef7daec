// Bench page (bench:preview, Chromium section): our viewer pipeline on its own — the toolpath streamed in chunks
// from `/chunks`, drawn with three.js as chunks arrive. Reports the first picture, the end, long tasks and drawn lines.
import { PerspectiveCamera, Scene, Vector3, WebGLRenderer } from 'three';
import { streamToolpath } from '../../../renderer/viewer/load-asset.js';
import type { StreamedToolpathModel } from '../../../renderer/viewer/streamed-model.js';

interface BenchWindow {
  __longTasks: { start: number; duration: number }[];
  __result?: unknown;
}
const w = window as unknown as BenchWindow;
w.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const params = new URLSearchParams(location.search);
const center = new Vector3(...(params.get('center') ?? '100,100,20').split(',').map(Number));
const radius = Number(params.get('radius') ?? '100');
const canvas = document.querySelector('canvas')!;
const renderer = new WebGLRenderer({ canvas, preserveDrawingBuffer: true });
renderer.setSize(800, 600, false);
const camera = new PerspectiveCamera(40, 800 / 600, 1, 10_000);
camera.up.set(0, 0, 1);
camera.position.copy(center).add(new Vector3(radius * 1.6, -radius * 1.6, radius * 1.4));
camera.lookAt(center);
const scene = new Scene();

let firstPicture = 0;
let lastFrame = 0;
let model: StreamedToolpathModel | null = null;
const draw = () => {
  renderer.render(scene, camera);
  renderer.getContext().finish();
  lastFrame = performance.now();
};
const started = performance.now();
await streamToolpath('/chunks', {
  onModel: (m) => {
    model = m;
    m.setSegmentRange(0, Infinity);
    scene.add(m.object);
    m.subscribe(() => {
      // The first chunk is drawn at once (the first picture); later ones at most twice a second.
      if (firstPicture === 0) {
        draw();
        firstPicture = performance.now();
      } else if (performance.now() - lastFrame > 500) draw();
    });
  },
  onProgress: () => undefined,
});
draw();
const m = model as StreamedToolpathModel | null;
w.__result = {
  started,
  firstPicture,
  complete: performance.now(),
  drawn: m?.drawnCount ?? 0,
  segments: m?.segmentCount ?? 0,
};
