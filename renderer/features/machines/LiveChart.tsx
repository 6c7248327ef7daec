import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useSnapshotHistory, useT, type ChartPoint, type MachinesT } from './api.js';

type Series = { label: string; values: (number | null)[] };

/** A heater's name in the legend, with its unit: "Hotend °C", "Hotend 2 °C", "Bed °C" (never a bare "T" or "B"). */
export function heaterLabel(heater: string, t: MachinesT): string {
  if (heater === 'B') return `${t('machines.heater.bed')} °C`;
  const n = /^T(\d*)$/.exec(heater);
  if (n !== null) {
    const index = n[1] === '' || n[1] === undefined ? 0 : Number(n[1]);
    return `${t('machines.heater.hotend')}${index > 0 ? ` ${index + 1}` : ''} °C`;
  }
  return `${heater} °C`;
}

function seriesOf(history: readonly ChartPoint[], printer: boolean, t: MachinesT): Series[] {
  if (printer) {
    const heaters = [...new Set(history.flatMap((s) => s.temperatures.map((x) => x.heater)))];
    return heaters.map((h) => ({
      label: heaterLabel(h, t),
      values: history.map((s) => s.temperatures.find((t) => t.heater === h)?.actual ?? null),
    }));
  }
  return (['x', 'y', 'z'] as const).map((axis) => ({
    label: `${axis.toUpperCase()} mm`,
    values: history.map((s) => s.workPosition?.[axis] ?? null),
  }));
}

const colours = ['#c0392b', '#2471a3', '#1e8449', '#7d3c98'];

/**
 * The last minute of position (routers) or temperatures (printers), drawn with uPlot from the pushed snapshots.
 * The chart is redrawn with setData (no rebuild) as snapshots arrive, at most 20 times a second.
 */
export function LiveChart({ machineId, printer }: { machineId: number; printer: boolean }) {
  const t = useT();
  const history = useSnapshotHistory(machineId);
  const host = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const series = seriesOf(history, printer, t);
  const timeLabel = t('machines.chart.time');
  const shape = series.map((s) => s.label).join(',');

  useEffect(() => {
    const el = host.current;
    // No 2D canvas (tests, locked-down browsers): skip the chart, the numbers above still show.
    if (el === null || shape === '' || document.createElement('canvas').getContext('2d') === null) return;
    try {
      plot.current = new uPlot(
        {
          width: Math.max(300, el.clientWidth || 600),
          height: 180,
          series: [
            { label: timeLabel },
            ...shape
              .split(',')
              .map((label, i) => ({ label, stroke: colours[i % colours.length] ?? '#333', width: 2 })),
          ],
          axes: [{}, { label: printer ? '°C' : 'mm' }],
        },
        [[], ...shape.split(',').map(() => [])],
        el,
      );
    } catch {
      plot.current = null;
    }
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, printer, timeLabel]);

  useEffect(() => {
    const x = history.map((s) => Date.parse(s.at) / 1000);
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  });

  return (
    <section className="machines-chart" aria-label={t('machines.chart')}>
      <h3>{printer ? t('machines.chart.temperature') : t('machines.chart.position')}</h3>
      {/* Until the first reading there is nothing to draw: say so instead of an empty legend of dashes. */}
      {shape === '' && <p className="hint">{t('machines.chart.waiting')}</p>}
      <div ref={host} />
    </section>
  );
}
