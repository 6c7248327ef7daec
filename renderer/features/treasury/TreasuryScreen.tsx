import { useState } from 'react';
import { useT } from './api.js';
import { ReceiveMoney } from './ReceiveMoney.js';
import { Members } from './Members.js';
import { Gifts } from './Gifts.js';
import { Loans } from './Loans.js';
import { Campaign } from './Campaign.js';
import { Reports } from './Reports.js';
import { Journal } from './Journal.js';
import { JobPayments } from './JobPayments.js';
import { Organisation } from './Organisation.js';

const TABS = [
  'receive',
  'jobs',
  'members',
  'gifts',
  'loans',
  'campaign',
  'reports',
  'journal',
  'organisation',
] as const;
type Tab = (typeof TABS)[number];

/** The treasurer's desk: one tab per thing a treasurer names. */
export function TreasuryScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('receive');
  return (
    <div className="treasury">
      {/* Reports print as they show, without the tabs and buttons around them. */}
      <style>{'@media print { .no-print { display: none !important; } }'}</style>
      <nav role="tablist" aria-label={t('treasury.nav')} className="no-print">
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} onClick={() => setTab(x)}>
            {t(`treasury.tab.${x}`)}
          </button>
        ))}
      </nav>
      <div role="tabpanel">
        {tab === 'receive' && <ReceiveMoney />}
        {tab === 'members' && <Members />}
        {tab === 'gifts' && <Gifts />}
        {tab === 'loans' && <Loans />}
        {tab === 'campaign' && <Campaign />}
        {tab === 'reports' && <Reports />}
        {tab === 'journal' && <Journal />}
        {tab === 'jobs' && <JobPayments />}
        {tab === 'organisation' && <Organisation />}
      </div>
    </div>
  );
}
