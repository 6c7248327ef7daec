import type { UsageReport } from '../../preload/contract/methods/usage.js';
import type { Db } from '../store/store.js';
import { periodOf, usageSources, type UsageRecord, type UsageSource } from './sources.js';

type Cell = UsageReport['cells'][number];

/**
 * Usage and impact over a period: the records every source gives, summed by month, machine, material, tier and
 * product. Additive figures (hours, sessions, material, units) are plain sums of the records, so a total always
 * equals the sum of its rows; jobs and people are counted once per row and once per period (a person trained in
 * two months is one person trained in the quarter), which the totals say.
 */
export function usageReport(
  db: Db,
  from: string,
  to: string,
  sources: readonly UsageSource[] = usageSources,
): UsageReport {
  const period = periodOf(from, to);
  const records = sources.flatMap((s) => s.read(db, period));
  return summarize(db, from, to, sources, records);
}

export function summarize(
  db: Db,
  from: string,
  to: string,
  sources: readonly UsageSource[],
  records: readonly UsageRecord[],
): UsageReport {
  const machineInfo = new Map(
    (
      db.prepare('SELECT id, name, kind FROM machines').all() as { id: number; name: string; kind: string }[]
    ).map((m) => [m.id, m]),
  );
  const tiers = db
    .prepare('SELECT code, name, name_es, rank FROM priority_tiers ORDER BY rank, id')
    .all() as {
    code: string;
    name: string;
    name_es: string;
    rank: number;
  }[];

  const months = new Map<
    string,
    UsageReport['months'][number] & { jobIds: Set<number>; people: Set<number> }
  >();
  const month = (day: string) => {
    const key = day.slice(0, 7);
    let row = months.get(key);
    if (row === undefined) {
      row = {
        month: key,
        seconds: 0,
        sessions: 0,
        jobs: 0,
        failed: 0,
        trained: 0,
        authorized: 0,
        made: 0,
        distributed: 0,
        tickets: 0,
        jobIds: new Set(),
        people: new Set(),
      };
      months.set(key, row);
    }
    return row;
  };
  const machines = new Map<number, UsageReport['machines'][number] & { jobIds: Set<number> }>();
  const machine = (id: number) => {
    let row = machines.get(id);
    if (row === undefined) {
      const info = machineInfo.get(id);
      row = {
        machineId: id,
        name: info?.name ?? `#${id}`,
        kind: info?.kind ?? 'other',
        seconds: 0,
        sessions: 0,
        jobs: 0,
        failed: 0,
        tickets: 0,
        jobIds: new Set(),
      };
      machines.set(id, row);
    }
    return row;
  };
  const materials = new Map<string, UsageReport['materials'][number]>();
  const cells = new Map<string, Cell & { jobIds: Set<number> }>();
  const tierRows = new Map(
    tiers.map((t) => [
      t.code,
      { code: t.code, name: t.name, nameEs: t.name_es, rank: t.rank, distributed: 0, distributions: 0 },
    ]),
  );
  const products = new Map<string, UsageReport['products'][number]>();
  const product = (name: string) => {
    let row = products.get(name);
    if (row === undefined) {
      row = { product: name, made: 0, distributed: 0 };
      products.set(name, row);
    }
    return row;
  };
  const failures: UsageReport['failures'] = [];
  const allJobs = new Set<number>();
  const trainedPeople = new Set<number>();
  const authorizedPeople = new Set<number>();
  const totals: UsageReport['totals'] = {
    seconds: 0,
    sessions: 0,
    jobs: 0,
    failed: 0,
    trained: 0,
    authorized: 0,
    authorizedPeople: 0,
    made: 0,
    distributed: 0,
    tickets: 0,
  };

  for (const r of records) {
    const m = month(r.day);
    switch (r.kind) {
      case 'run': {
        m.seconds += r.seconds;
        m.sessions += 1;
        totals.seconds += r.seconds;
        totals.sessions += 1;
        if (r.failed) {
          m.failed += 1;
          totals.failed += 1;
        }
        if (r.jobId !== null) {
          m.jobIds.add(r.jobId);
          allJobs.add(r.jobId);
        }
        if (r.machineId !== null) {
          const row = machine(r.machineId);
          row.seconds += r.seconds;
          row.sessions += 1;
          if (r.failed) row.failed += 1;
          if (r.jobId !== null) row.jobIds.add(r.jobId);
        }
        if (r.material !== null && r.unit !== null) {
          const key = `${r.material}\u0000${r.unit}`;
          let row = materials.get(key);
          if (row === undefined) {
            row = {
              material: r.material,
              unit: r.unit,
              consumedMilli: 0,
              wasteMilli: 0,
              sessions: 0,
              failed: 0,
            };
            materials.set(key, row);
          }
          row.consumedMilli += r.materialMilli;
          row.sessions += 1;
          if (r.failed) {
            row.wasteMilli += r.materialMilli;
            row.failed += 1;
          }
        }
        const cellKey = `${m.month}\u0000${r.machineId ?? ''}\u0000${r.material ?? ''}\u0000${r.unit ?? ''}`;
        let cell = cells.get(cellKey);
        if (cell === undefined) {
          cell = {
            month: m.month,
            machineId: r.machineId,
            machine: r.machineId === null ? null : machine(r.machineId).name,
            material: r.material,
            unit: r.unit,
            seconds: 0,
            sessions: 0,
            jobs: 0,
            failed: 0,
            consumedMilli: 0,
            wasteMilli: 0,
            jobIds: new Set(),
          };
          cells.set(cellKey, cell);
        }
        cell.seconds += r.seconds;
        cell.sessions += 1;
        cell.consumedMilli += r.materialMilli;
        if (r.jobId !== null) cell.jobIds.add(r.jobId);
        if (r.failed) {
          cell.failed += 1;
          cell.wasteMilli += r.materialMilli;
          failures.push({
            source: r.source,
            sourceId: r.sourceId,
            day: r.day,
            machine: r.machineId === null ? null : machine(r.machineId).name,
            material: r.material,
            unit: r.unit,
            wasteMilli: r.materialMilli,
            reason: r.reason ?? '',
          });
        }
        break;
      }
      case 'trained':
        if (r.personId !== null) {
          if (!m.people.has(r.personId)) {
            m.people.add(r.personId);
            m.trained += 1;
          }
          trainedPeople.add(r.personId);
        }
        break;
      case 'authorized':
        m.authorized += r.quantity;
        totals.authorized += r.quantity;
        if (r.personId !== null) authorizedPeople.add(r.personId);
        break;
      case 'made':
        m.made += r.quantity;
        totals.made += r.quantity;
        if (r.product !== null) product(r.product).made += r.quantity;
        break;
      case 'distributed': {
        m.distributed += r.quantity;
        totals.distributed += r.quantity;
        if (r.product !== null) product(r.product).distributed += r.quantity;
        if (r.tierCode !== null) {
          const tier = tierRows.get(r.tierCode);
          if (tier !== undefined) {
            tier.distributed += r.quantity;
            tier.distributions += 1;
          }
        }
        break;
      }
      case 'ticket':
        m.tickets += 1;
        totals.tickets += 1;
        if (r.machineId !== null) machine(r.machineId).tickets += 1;
        break;
    }
  }
  totals.jobs = allJobs.size;
  totals.trained = trainedPeople.size;
  totals.authorizedPeople = authorizedPeople.size;

  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    from,
    to,
    sources: sources.map((s) => s.name),
    months: [...months.values()]
      .sort((a, b) => byText(a.month, b.month))
      .map(({ jobIds, people: _people, ...row }) => ({ ...row, jobs: jobIds.size })),
    machines: [...machines.values()]
      .sort((a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase()))
      .map(({ jobIds, ...row }) => ({ ...row, jobs: jobIds.size })),
    materials: [...materials.values()].sort(
      (a, b) => byText(a.material, b.material) || byText(a.unit, b.unit),
    ),
    cells: [...cells.values()]
      .sort(
        (a, b) =>
          byText(a.month, b.month) ||
          byText(a.machine ?? '', b.machine ?? '') ||
          byText(a.material ?? '', b.material ?? ''),
      )
      .map(({ jobIds, ...row }) => ({ ...row, jobs: jobIds.size })),
    tiers: [...tierRows.values()],
    products: [...products.values()].sort((a, b) => byText(a.product, b.product)),
    failures,
    totals,
  };
}
