import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { useT } from './api.js';

/** The chart's data: x = each month's first day (seconds), then hours, sessions and units distributed. */
export function chartData(months: UsageReport['months']): [number[], number[], number[], number[]] {
  return [
    months.map((m) => Date.UTC(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)) - 1, 1) / 1000),
    months.map((m) => Math.round((m.seconds / 3600) * 10) / 10),
    months.map((m) => m.sessions),
    months.map((m) => m.distributed),
  ];
}

/**
 * Machine hours, sessions and units distributed per month, drawn with uPlot (as the machine page's live chart).
 * The same figures are in the table under it, so nothing is lost where a canvas cannot draw.
 */
export function UsageChart({ months }: { months: UsageReport['months'] }) {
  const t = useT();
  const host = useRef<HTMLDivElement | null>(null);
  const labels = [
    t('usage.chart.month'),
    t('usage.chart.hours'),
    t('usage.chart.sessions'),
    t('usage.chart.distributed'),
  ];
  const shape = labels.join('|');
  const data = chartData(months);
  const key = JSON.stringify(data);

  useEffect(() => {
    const el = host.current;
    if (el === null || months.length === 0 || document.createElement('canvas').getContext('2d') === null)
      return;
    const [month, hours, sessions, distributed] = shape.split('|') as [string, string, string, string];
    let plot: uPlot | null = null;
    try {
      plot = new uPlot(
        {
          width: Math.max(320, el.clientWidth || 640),
          height: 220,
          series: [
            { label: month },
            { label: hours, stroke: '#2471a3', width: 2, points: { show: true } },
            { label: sessions, stroke: '#1e8449', width: 2, points: { show: true } },
            { label: distributed, stroke: '#c0392b', width: 2, points: { show: true } },
          ],
          axes: [{}, {}],
        },
        JSON.parse(key) as uPlot.AlignedData,
        el,
      );
    } catch {
      plot = null;
    }
    return () => plot?.destroy();
  }, [key, shape, months.length]);

  return (
    <section className="usage-chart" aria-label={t('usage.chart')}>
      <h2>{t('usage.chart')}</h2>
      <div ref={host} />
    </section>
  );
}
