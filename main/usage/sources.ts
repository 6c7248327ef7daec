import type { Db } from '../store/store.js';
import { labDate, labDayStart, nextDay } from '../kernel/lab-dates.js';

/**
 * What each kind of record says about the lab's use and impact, in one shape. A source reads its own tables and
 * returns one `UsageRecord` per underlying row (never pre-summed), so every figure in a report is a sum over
 * records that can be traced back to a row (`source`, `sourceId`).
 *
 * - `run`: machine time on a machine (a job's usage session, or a manual machine session).
 * - `trained`: a person who attended a held training session. `authorized`: an authorization granted.
 * - `made`: units a production run made. `distributed`: units handed out, with the recipient's priority tier.
 * - `ticket`: a maintenance ticket opened on a machine.
 */
export type UsageKind = 'run' | 'trained' | 'authorized' | 'made' | 'distributed' | 'ticket';

export interface UsageRecord {
  source: string;
  sourceId: number;
  kind: UsageKind;
  /** The lab's calendar day (YYYY-MM-DD) the record belongs to. */
  day: string;
  machineId: number | null;
  jobId: number | null;
  personId: number | null;
  material: string | null;
  /** Unit of the material amounts ('g' for filament and other weighed material). */
  unit: string | null;
  /** Material drawn, in thousandths of `unit` (milligrams for grams). */
  materialMilli: number;
  seconds: number;
  /** Units made or distributed; 1 for a person trained or an authorization. */
  quantity: number;
  product: string | null;
  tierCode: string | null;
  failed: boolean;
  reason: string | null;
}

/** A period of lab days, inclusive, with the instants that bound it (lab midnight to lab midnight). */
export interface UsagePeriod {
  from: string;
  to: string;
  startsAt: string;
  endsBefore: string;
}

export function periodOf(from: string, to: string): UsagePeriod {
  return { from, to, startsAt: labDayStart(from), endsBefore: labDayStart(nextDay(to)) };
}

/** One kind of record. A new record type is one more of these in `usageSources`. */
export interface UsageSource {
  name: string;
  read(db: Db, period: UsagePeriod): UsageRecord[];
}

const dayOf = (at: string) => labDate(new Date(at));

const blank = {
  machineId: null,
  jobId: null,
  personId: null,
  material: null,
  unit: null,
  materialMilli: 0,
  seconds: 0,
  quantity: 0,
  product: null,
  tierCode: null,
  failed: false,
  reason: null,
} as const;

const OUTCOME_WORDS: Record<string, string> = {
  failed: 'failed',
  aborted: 'stopped before the end',
  interrupted: 'interrupted',
};

/** Ended job runs (usage sessions), by the day they started. A run that did not end normally is waste. */
export const jobRunsSource: UsageSource = {
  name: 'job-runs',
  read(db, period) {
    const rows = db
      .prepare(
        `SELECT jr.id, jr.job_id, jr.machine_id, jr.operator_id, jr.started_at, jr.ended_at, jr.duration_s,
                jr.material_mg, jr.outcome, jr.notes, m.name AS material,
                (SELECT t.reason FROM job_transitions t WHERE t.job_id = jr.job_id AND t.to_status = 'failed'
                   AND t.at >= jr.started_at ORDER BY t.id LIMIT 1) AS failed_reason
           FROM job_runs jr JOIN jobs j ON j.id = jr.job_id LEFT JOIN job_materials m ON m.id = j.material_id
          WHERE jr.ended_at IS NOT NULL AND jr.started_at >= ? AND jr.started_at < ?
          ORDER BY jr.started_at, jr.id`,
      )
      .all(period.startsAt, period.endsBefore) as {
      id: number;
      job_id: number;
      machine_id: number;
      operator_id: number;
      started_at: string;
      ended_at: string;
      duration_s: number | null;
      material_mg: number | null;
      outcome: string;
      notes: string | null;
      material: string | null;
      failed_reason: string | null;
    }[];
    return rows.map((r) => {
      const failed = r.outcome !== 'normal';
      const seconds =
        r.duration_s ?? Math.max(0, Math.round((Date.parse(r.ended_at) - Date.parse(r.started_at)) / 1000));
      const note = r.notes?.trim() ?? '';
      return {
        ...blank,
        source: 'job-runs',
        sourceId: r.id,
        kind: 'run' as const,
        day: dayOf(r.started_at),
        machineId: r.machine_id,
        jobId: r.job_id,
        personId: r.operator_id,
        material: r.material_mg === null ? null : (r.material ?? 'unspecified'),
        unit: r.material_mg === null ? null : 'g',
        materialMilli: r.material_mg ?? 0,
        seconds,
        quantity: 1,
        failed,
        reason: failed
          ? note !== ''
            ? note
            : (r.failed_reason ?? OUTCOME_WORDS[r.outcome] ?? r.outcome)
          : null,
      };
    });
  },
};

/** People who attended held training sessions, and authorizations granted. */
export const trainingSource: UsageSource = {
  name: 'training',
  read(db, period) {
    const attended = db
      .prepare(
        `SELECT s.id AS session_id, a.person_id, s.starts_at FROM training_session_attendees a
           JOIN training_sessions s ON s.id = a.session_id
          WHERE a.status = 'attended' AND s.status = 'held' AND s.starts_at >= ? AND s.starts_at < ?
          ORDER BY s.starts_at, a.person_id`,
      )
      .all(period.startsAt, period.endsBefore) as {
      session_id: number;
      person_id: number;
      starts_at: string;
    }[];
    const granted = db
      .prepare(
        `SELECT id, person_id, granted_at FROM training_authorizations
          WHERE granted_at >= ? AND granted_at < ? ORDER BY granted_at, id`,
      )
      .all(period.startsAt, period.endsBefore) as { id: number; person_id: number; granted_at: string }[];
    return [
      ...attended.map((r) => ({
        ...blank,
        source: 'training',
        sourceId: r.session_id,
        kind: 'trained' as const,
        day: dayOf(r.starts_at),
        personId: r.person_id,
        quantity: 1,
      })),
      ...granted.map((r) => ({
        ...blank,
        source: 'training',
        sourceId: r.id,
        kind: 'authorized' as const,
        day: dayOf(r.granted_at),
        personId: r.person_id,
        quantity: 1,
      })),
    ];
  },
};

/** Units made by production runs, and units distributed with the recipient's tier. */
export const productionSource: UsageSource = {
  name: 'production',
  read(db, period) {
    const made = db
      .prepare(
        `SELECT pm.id, pm.quantity, pm.at, p.name AS product FROM production_made pm
           JOIN production_runs r ON r.id = pm.run_id JOIN production_recipes rc ON rc.id = r.recipe_id
           JOIN production_products p ON p.id = rc.product_id
          WHERE pm.at >= ? AND pm.at < ? ORDER BY pm.at, pm.id`,
      )
      .all(period.startsAt, period.endsBefore) as {
      id: number;
      quantity: number;
      at: string;
      product: string;
    }[];
    // Distributions carry the lab day they were handed out on.
    const handed = db
      .prepare(
        `SELECT d.id, d.quantity, d.on_date, t.code AS tier, p.name AS product FROM production_distributions d
           JOIN priority_tiers t ON t.id = d.tier_id JOIN production_runs r ON r.id = d.run_id
           JOIN production_recipes rc ON rc.id = r.recipe_id JOIN production_products p ON p.id = rc.product_id
          WHERE d.on_date >= ? AND d.on_date <= ? ORDER BY d.on_date, d.id`,
      )
      .all(period.from, period.to) as {
      id: number;
      quantity: number;
      on_date: string;
      tier: string;
      product: string;
    }[];
    return [
      ...made.map((r) => ({
        ...blank,
        source: 'production-made',
        sourceId: r.id,
        kind: 'made' as const,
        day: dayOf(r.at),
        quantity: r.quantity,
        product: r.product,
      })),
      ...handed.map((r) => ({
        ...blank,
        source: 'production-distributions',
        sourceId: r.id,
        kind: 'distributed' as const,
        day: r.on_date,
        quantity: r.quantity,
        product: r.product,
        tierCode: r.tier,
      })),
    ];
  },
};

/** Maintenance tickets opened on each machine. */
export const maintenanceSource: UsageSource = {
  name: 'maintenance',
  read(db, period) {
    const rows = db
      .prepare(
        `SELECT id, machine_id, opened_at FROM maintenance_tickets WHERE opened_at >= ? AND opened_at < ?
          ORDER BY opened_at, id`,
      )
      .all(period.startsAt, period.endsBefore) as { id: number; machine_id: number; opened_at: string }[];
    return rows.map((r) => ({
      ...blank,
      source: 'maintenance',
      sourceId: r.id,
      kind: 'ticket' as const,
      day: dayOf(r.opened_at),
      machineId: r.machine_id,
      quantity: 1,
    }));
  },
};

/**
 * Manual machine sessions (main/lab/sessions.ts) that have ended, stopped by a person or closed by the Desk at the
 * kind's limit, by the lab day they started. The time is the session's recorded duration (what the machine's hour
 * counter got); the material is what the stop drew from stock, in thousandths of the material's unit. A material
 * kept by the kg is reported in grams (milligrams), the unit job runs use, so PLA drawn by a session and PLA printed
 * by a job add up in one row. A session has no failed outcome: it is never waste.
 */
export const labSessionsSource: UsageSource = {
  name: 'lab-sessions',
  read(db, period) {
    const rows = db
      .prepare(
        `SELECT s.id, s.machine_id, s.person_id, s.started_at, s.duration_s, s.used_milli,
                m.name AS material, m.unit
           FROM lab_sessions s LEFT JOIN job_materials m ON m.id = s.material_id
          WHERE s.ended_at IS NOT NULL AND s.started_at >= ? AND s.started_at < ?
          ORDER BY s.started_at, s.id`,
      )
      .all(period.startsAt, period.endsBefore) as {
      id: number;
      machine_id: number;
      person_id: number;
      started_at: string;
      duration_s: number;
      used_milli: number | null;
      material: string | null;
      unit: string | null;
    }[];
    return rows.map((r) => {
      const drew = r.used_milli !== null && r.material !== null && r.unit !== null;
      const inGrams = r.unit === 'kg';
      return {
        ...blank,
        source: 'lab-sessions',
        sourceId: r.id,
        kind: 'run' as const,
        day: dayOf(r.started_at),
        machineId: r.machine_id,
        personId: r.person_id,
        material: drew ? r.material : null,
        unit: drew ? (inGrams ? 'g' : r.unit) : null,
        materialMilli: drew ? (r.used_milli ?? 0) * (inGrams ? 1000 : 1) : 0,
        seconds: r.duration_s,
        quantity: 1,
      };
    });
  },
};

/** Every source a report reads, in order. */
export const usageSources: readonly UsageSource[] = [
  jobRunsSource,
  labSessionsSource,
  trainingSource,
  productionSource,
  maintenanceSource,
];
