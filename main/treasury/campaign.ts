import type { Db } from '../store/store.js';
import { sql } from './sql.js';

export interface TrancheProgress {
  id: number;
  code: string;
  name: string;
  nameEs: string;
  kind: 'share' | 'gift' | 'loan';
  goalCents: number;
  raisedCents: number;
  countTarget: number | null;
  count: number;
}

export interface CampaignSummary {
  code: string;
  name: string;
  goalCents: number;
  raisedCents: number;
  startsOn: string;
  tranches: TrancheProgress[];
}

/**
 * The tranche a receipt counts towards, decided by configuration rather than typed in: shares by member class,
 * loans by kind. Gifts name their tranche (a local gift is not a national supporter's). Before the campaign: none.
 */
export function trancheFor(
  db: Db,
  date: string,
  match:
    | { kind: 'share'; memberClassId: number }
    | { kind: 'loan'; loanKind: string }
    | { kind: 'gift'; trancheId: number | null },
): number | null {
  if (match.kind === 'gift') return match.trancheId;
  const row = sql(
    db,
    `SELECT t.id FROM treasury_campaign_tranches t JOIN treasury_campaigns c ON c.id = t.campaign_id
       WHERE t.kind = ? AND c.starts_on <= ? AND (t.member_class_id IS ? OR t.member_class_id = ?) AND (t.loan_kind IS ? OR t.loan_kind = ?)
       ORDER BY t.id LIMIT 1`,
  ).get(
    match.kind,
    date,
    null,
    match.kind === 'share' ? match.memberClassId : -1,
    null,
    match.kind === 'loan' ? match.loanKind : '',
  ) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Progress computed from the journal, never typed in: for each tranche, the credits to equity, liability and income
 * accounts in the entries tagged with it (a reversal, tagged the same, takes its amount back out), and the number
 * of stakeholders: for a share tranche the register's holders in its class, otherwise the distinct parties whose
 * net contribution is positive.
 */
export function campaignSummary(db: Db, code = 'founding'): CampaignSummary | null {
  const campaign = sql(db, 'SELECT * FROM treasury_campaigns WHERE code = ?').get(code) as
    { id: number; code: string; name: string; goal_cents: number; starts_on: string } | undefined;
  if (campaign === undefined) return null;
  const tranches = sql(db, 'SELECT * FROM treasury_campaign_tranches WHERE campaign_id = ? ORDER BY id').all(
    campaign.id,
  ) as {
    id: number;
    code: string;
    name: string;
    name_es: string;
    kind: 'share' | 'gift' | 'loan';
    goal_cents: number;
    count_target: number | null;
    member_class_id: number | null;
  }[];
  // A share tranche's stakeholders are the register's holders in its class (members holding at least one share),
  // not everyone who has paid something: a candidate still paying in instalments holds no share yet.
  const holders = sql(
    db,
    `SELECT count(*) AS n FROM (SELECT o.membership_id FROM treasury_share_operations o
       JOIN treasury_memberships m ON m.id = o.membership_id WHERE m.member_class_id = ?
       GROUP BY o.membership_id HAVING sum(o.quantity) > 0)`,
  );
  const perParty = sql(
    db,
    `SELECT e.party_id, -sum(l.amount_cents) AS raised FROM treasury_entries e
     JOIN treasury_lines l ON l.entry_id = e.id JOIN treasury_accounts a ON a.id = l.account_id
     WHERE e.tranche_id = ? AND a.type IN ('equity', 'liability', 'income') GROUP BY e.party_id`,
  );
  const progress = tranches.map((t): TrancheProgress => {
    const rows = perParty.all(t.id) as { party_id: number | null; raised: number }[];
    return {
      id: t.id,
      code: t.code,
      name: t.name,
      nameEs: t.name_es,
      kind: t.kind,
      goalCents: t.goal_cents,
      raisedCents: rows.reduce((s, r) => s + r.raised, 0),
      countTarget: t.count_target,
      count:
        t.kind === 'share' && t.member_class_id !== null
          ? (holders.get(t.member_class_id) as { n: number }).n
          : rows.filter((r) => r.party_id !== null && r.raised > 0).length,
    };
  });
  return {
    code: campaign.code,
    name: campaign.name,
    goalCents: campaign.goal_cents,
    startsOn: campaign.starts_on,
    raisedCents: progress.reduce((s, t) => s + t.raisedCents, 0),
    tranches: progress,
  };
}
