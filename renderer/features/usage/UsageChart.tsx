import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { useT } from './api.js';

const colours = ['#2471a3', '#1e8449', '#c0392b', '#7d3c98', '#b9770e', '#17202a', '#117a65', '#922b21'];

/** Hours per machine per month from the month × machine × material cells: x, then one series per machine. */
export function machineHoursData(report: UsageReport): { names: string[]; data: number[][] } {
  const months = report.months.map((m) => m.month);
  const names = report.machines.map((m) => m.name);
  const series = report.machines.map((machine) =>
    months.map(
      (month) =>
        Math.round(
          (report.cells
            .filter((c) => c.month === month && c.machineId === machine.machineId)
            .reduce((a, c) => a + c.seconds, 0) /
            3600) *
            10,
        ) / 10,
    ),
  );
  return { names, data: [chartData(report.months)[0], ...series] };
}

function usePlot(
  host: RefObject<HTMLDivElement | null>,
  labels: string[],
  key: string,
  empty: boolean,
): void {
  const shape = labels.join('|');
  useEffect(() => {
    const el = host.current;
    if (el === null || empty || document.createElement('canvas').getContext('2d') === null) return;
    const [x, ...names] = shape.split('|') as [string, ...string[]];
    let plot: uPlot | null = null;
    try {
      plot = new uPlot(
        {
          width: Math.max(320, el.clientWidth || 640),
          height: 220,
          series: [
            { label: x },
            ...names.map((label, i) => ({
              label,
              stroke: colours[i % colours.length] ?? '#333',
              width: 2,
              points: { show: true },
            })),
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
  }, [host, key, shape, empty]);
}

/** Each machine's hours month by month (the table by machine has the same hours for the whole period). */
export function MachineHoursChart({ report }: { report: UsageReport }) {
  const t = useT();
  const host = useRef<HTMLDivElement | null>(null);
  const { names, data } = machineHoursData(report);
  usePlot(host, [t('usage.chart.month'), ...names], JSON.stringify(data), names.length === 0);
  return (
    <section className="usage-chart" aria-label={t('usage.chart.machines')}>
      <h2>{t('usage.chart.machines')}</h2>
      <div ref={host} />
    </section>
  );
}

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
  usePlot(
    host,
    [t('usage.chart.month'), t('usage.chart.hours'), t('usage.chart.sessions'), t('usage.chart.distributed')],
    JSON.stringify(chartData(months)),
    months.length === 0,
  );
  return (
    <section className="usage-chart" aria-label={t('usage.chart')}>
      <h2>{t('usage.chart')}</h2>
      <div ref={host} />
    </section>
  );
}
