import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { useSnapshotHistory, useT } from './api.js';

type Series = { label: string; values: (number | null)[] };

function seriesOf(history: MachineSnapshot[], printer: boolean): Series[] {
  if (printer) {
    const heaters = [...new Set(history.flatMap((s) => s.temperatures.map((t) => t.heater)))];
    return heaters.map((h) => ({
      label: h === 'B' ? 'Bed' : h,
      values: history.map((s) => s.temperatures.find((t) => t.heater === h)?.actual ?? null),
    }));
  }
  return (['x', 'y', 'z'] as const).map((axis) => ({
    label: axis.toUpperCase(),
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
  const series = seriesOf(history, printer);
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
            {},
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
  }, [shape, printer]);

  useEffect(() => {
    const x = history.map((s) => Date.parse(s.at) / 1000);
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  });

  return (
    <section className="machines-chart" aria-label={t('machines.chart')}>
      <h3>{printer ? t('machines.chart.temperature') : t('machines.chart.position')}</h3>
      <div ref={host} />
    </section>
  );
}
