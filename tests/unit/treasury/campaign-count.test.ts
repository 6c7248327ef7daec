import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { admitMember, createParty } from '../../../main/treasury/members.js';
import { recordSharePayment } from '../../../main/treasury/shares.js';
import { campaignSummary } from '../../../main/treasury/campaign.js';
import { buildReport } from '../../../main/treasury/reports.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

describe('the campaign counts stakeholders from the register', () => {
  let s: TreasuryStore | undefined;
  let t: TestHost | undefined;
  afterEach(async () => {
    s?.close();
    s = undefined;
    await t?.close();
    t = undefined;
  });

  it('a community member paying in instalments is not a stakeholder until a share is issued; a holder is', () => {
    s = openTreasuryStore();
    const [paid, paying] = s.write((tx) =>
      ['Tanisha Williams', 'Mei Lin'].map((name) => {
        const p = createParty(tx, { kind: 'person', name });
        return admitMember(tx, { partyId: p.id, memberClassId: 3, admittedOn: '2026-03-01' });
      }),
    );
    s.write((tx) =>
      recordSharePayment(tx, { membershipId: paid!.id, shares: 1, amount: 100_000, date: '2026-03-02' }),
    );
    // A quarter of a share: money raised for the tranche, but no share and no stakeholder yet.
    s.write((tx) =>
      recordSharePayment(tx, { membershipId: paying!.id, shares: 1, amount: 25_000, date: '2026-03-02' }),
    );
    const local = campaignSummary(s.store.db)!.tranches.find((x) => x.code === 'local-shares')!;
    expect(local).toMatchObject({ raisedCents: 125_000, count: 1 });
  });

  it('in the demo books the local-shares count equals the community holders in the member register', async () => {
    t = await startTestHost({ demo: true });
    const db = t.host.store.db;
    const local = campaignSummary(db)!.tranches.find((x) => x.code === 'local-shares')!;
    const register = buildReport(db, 'member-register', {
      asOf: '2026-11-24',
      from: '2026-01-01',
      to: '2026-11-24',
      year: 2026,
    });
    const holders = register.rows.filter((r) => r.memberClass === 'community' && Number(r.shares) > 0).length;
    expect(holders).toBeGreaterThan(0);
    expect(local.count).toBe(holders);
  });
});
