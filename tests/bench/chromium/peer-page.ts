// Bench page (bench:preview, Chromium section): gcode-preview 2.18 as its demo uses it — fetch the G-code text,
// processGCode (parse and build), render. Reports the first picture and long tasks.
import { init } from 'gcode-preview';

interface BenchWindow {
  __longTasks: { start: number; duration: number }[];
  __result?: unknown;
}
const w = window as unknown as BenchWindow;
w.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const canvas = document.querySelector('canvas')!;
canvas.width = 800;
canvas.height = 600;
const started = performance.now();
const preview = init({ canvas, renderTravel: false, buildVolume: { x: 250, y: 210, z: 220 } });
const text = await (await fetch('/file.gcode')).text();
preview.processGCode(text);
preview.render();
(canvas.getContext('webgl2') ?? canvas.getContext('webgl'))?.finish();
const firstPicture = performance.now();
w.__result = { started, firstPicture, complete: firstPicture, drawn: 0, segments: 0 };
