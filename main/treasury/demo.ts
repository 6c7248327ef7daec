import { labToday } from '../kernel/lab-time.js';
import type { DemoSeeder } from '../kernel/context.js';
import type { WriteTx } from '../store/store.js';
import { postEntry } from './journal.js';
import { admitMember, createParty } from './members.js';
import { getSubscription, recordSharePayment } from './shares.js';
import { redeemShares, transferShares } from './share-moves.js';
import { recordCashGift, recordInKindGift } from './gifts.js';
import { acknowledgeGift, markSent, yearEndLetter } from './acknowledgments.js';
import { closeFiscalYearWithInterest, createLoan, disburse, getLoan, repay, scheduleOf } from './loans.js';
import { addDays } from './schedule.js';
import { businessToday } from './handlers.js';

const COMMUNITY = [
  'Tanisha Williams',
  'Jerome Jackson',
  'Guadalupe Ramírez',
  'Andre Thomas',
  'Latoya Harris',
  'Miguel Castillo',
  'Shirley Robinson',
  'Cedric Lewis',
  'Rosa Martínez',
  'Kendrick Moore',
  'Yolanda Walker',
  'Héctor Morales',
  'Brenda Johnson',
  'Terrence Hall',
  'Imani Carter',
  'José Gutiérrez',
  'Dorothy King',
  'Marcus Young',
  'Ana Flores',
  'Reginald Scott',
  'Keyana Green',
  'Luis Torres',
];
const NATIONAL = [
  'Eleanor Fitzgerald',
  'Samuel Okafor',
  'Priya Raman',
  'David Goldberg',
  'Maria Chen',
  'Robert Ellison',
  'Aisha Bello',
  'Thomas Whitaker',
  'Carmen Delgado',
  'Nathan Brooks',
  'Helen Park',
  'Omar Haddad',
  'Grace Lindqvist',
  'Victor Alvarez',
  'Joan Mercer',
  'Kwame Asante',
  'Ruth Abernathy',
  'Daniel Novak',
  'Lucia Romero',
  'Peter Holm',
  'Naomi Feld',
  'Isaac Turner',
  'Beatriz Souza',
  'Frank Delaney',
  'Mei Lin',
  'Harold Simmons',
  'Sofía Navarro',
  'Gerald Price',
  'Esther Kahn',
  'Walter Boyd',
];

/**
 * A year of plausible books, ending a few days before today: Cooperation Jackson's shares, worker-owners paying
 * by instalments, community stakeholders buying $1,000 shares, national $1,000 capital gifts with acknowledgments,
 * two PRIs and a non-extractive loan with repayments on schedule, monthly expenses, and last fiscal year closed.
 */
export const seedTreasuryDemo: DemoSeeder = (ctx, people) => {
  const end = addDays(businessToday(ctx.store.db, ctx.clock.now()), -3);
  const start = addDays(end, -360);
  const day = (n: number): string => addDays(start, Math.min(n, 360));
  ctx.store.write({ actor: people.get('treasurer') ?? null, reason: 'demo data' }, (tx) => {
    const cj = createParty(tx, {
      kind: 'organisation',
      name: 'Cooperation Jackson',
      address: '939 W Capitol St, Jackson, MS 39203',
    });
    const cjm = admitMember(tx, { partyId: cj.id, memberClassId: 1, admittedOn: day(0) });
    recordSharePayment(tx, { membershipId: cjm.id, shares: 20, amount: 2_000_000, date: day(2) });

    // Worker-owners pay their share by monthly payroll deduction: 11 × $83.33 and a last $83.37.
    const workers = ['Darnell Price', 'Marisol Vega', 'Kofi Mensah'].map((name, i) => {
      const personId = people.get(['instructor', 'staff', ''][i] ?? '');
      const p = createParty(tx, { kind: 'person', name, personId });
      return admitMember(tx, { partyId: p.id, memberClassId: 2, admittedOn: day(5 + i * 60) });
    });
    workers.forEach((w, i) => {
      let subscriptionId: number | undefined;
      for (let k = 0; k < 12 && 5 + i * 60 + k * 30 <= 360; k += 1) {
        const r = recordSharePayment(tx, {
          membershipId: w.id,
          subscriptionId,
          shares: 1,
          amount: k === 11 ? 8_337 : 8_333,
          date: day(5 + i * 60 + k * 30),
        });
        subscriptionId = r.subscription.id;
      }
    });

    // Community stakeholders: most pay $1,000 at once; every fourth pays in four instalments of $250.
    const community = COMMUNITY.map((name, i) => {
      const p = createParty(tx, { kind: 'person', name, address: 'Jackson, MS' });
      const m = admitMember(tx, { partyId: p.id, memberClassId: 3, admittedOn: day(10 + i * 14) });
      if (i % 4 === 3) {
        const first = recordSharePayment(tx, {
          membershipId: m.id,
          shares: 1,
          amount: 25_000,
          date: day(10 + i * 14),
        });
        for (let k = 1; k < 4 && 10 + i * 14 + k * 30 <= 360; k += 1) {
          if (getSubscription(tx.db, first.subscription.id).paidCents < 100_000) {
            recordSharePayment(tx, {
              membershipId: m.id,
              subscriptionId: first.subscription.id,
              amount: 25_000,
              date: day(10 + i * 14 + k * 30),
            });
          }
        }
      } else
        recordSharePayment(tx, {
          membershipId: m.id,
          shares: i % 5 === 0 ? 2 : 1,
          amount: i % 5 === 0 ? 200_000 : 100_000,
          date: day(10 + i * 14),
        });
      return m;
    });
    const [first, second] = community;
    if (first !== undefined && second !== undefined) {
      transferShares(tx, {
        fromMembershipId: first.id,
        toMembershipId: second.id,
        quantity: 1,
        date: day(200),
        note: 'Gift between neighbours',
      });
    }
    const leaving = community[6];
    if (leaving !== undefined)
      redeemShares(tx, { membershipId: leaving.id, quantity: 1, date: day(300), note: 'Moved to Memphis' });

    // National supporters: $1,000 capital gifts, acknowledged; the older letters already sent.
    NATIONAL.forEach((name, i) => {
      const p = createParty(tx, {
        kind: 'person',
        name,
        email: `${name.split(' ')[0]?.toLowerCase() ?? 'donor'}@example.org`,
      });
      const date = day(20 + i * 11);
      const { gift } = recordCashGift(tx, {
        donorPartyId: p.id,
        amount: 100_000,
        date,
        fundId: 2,
        trancheId: 2,
        description: 'Capital gift',
      });
      const ack = acknowledgeGift(tx, { giftId: gift.id, language: 'en' });
      if (i < 24) markSent(tx, ack.id);
      if (i === 0)
        recordCashGift(tx, {
          donorPartyId: p.id,
          amount: 50_000,
          date: addDays(date, 90),
          fundId: 2,
          trancheId: 2,
        });
    });
    const dinner = createParty(tx, { kind: 'person', name: 'Gloria Hughes', address: 'Jackson, MS' });
    const { gift: dinnerGift } = recordCashGift(tx, {
      donorPartyId: dinner.id,
      amount: 15_000,
      date: day(150),
      fundId: 1,
      returnDescription: 'Two tickets to the open-house dinner',
      returnValue: 6_000,
    });
    acknowledgeGift(tx, { giftId: dinnerGift.id, language: 'en' });
    const local = createParty(tx, { kind: 'person', name: 'Ramón Ortiz', address: 'Jackson, MS' });
    recordCashGift(tx, {
      donorPartyId: local.id,
      amount: 5_000,
      date: day(40),
      fundId: 3,
      description: 'For mask materials',
    });
    recordCashGift(tx, { donorPartyId: local.id, amount: 7_500, date: day(120), fundId: 3 });
    recordCashGift(tx, { donorPartyId: local.id, amount: 30_000, date: day(280), fundId: 3 });
    const ys = createParty(tx, { kind: 'organisation', name: 'Jackson State University Makerspace' });
    const inKind = recordInKindGift(tx, {
      donorPartyId: ys.id,
      date: day(90),
      description: 'A used 60 W CO2 laser cutter with exhaust fan',
      fundId: 2,
    });
    acknowledgeGift(tx, { giftId: inKind.gift.id, language: 'en' });
    if (day(280).slice(0, 4) === day(40).slice(0, 4))
      yearEndLetter(tx, { donorPartyId: local.id, year: Number(day(40).slice(0, 4)), language: 'es' });

    // Philanthropy: two PRIs and a non-extractive loan, repaid on schedule.
    const fund1 = createParty(tx, {
      kind: 'organisation',
      name: 'Solidarity Economy Fund',
      address: 'New York, NY',
    });
    const fund2 = createParty(tx, {
      kind: 'organisation',
      name: 'Delta Community Foundation',
      address: 'Greenville, MS',
    });
    const cu = createParty(tx, {
      kind: 'organisation',
      name: 'Hope Community Credit Union',
      address: 'Jackson, MS',
    });
    const loans = [
      createLoan(tx, {
        lenderPartyId: fund1.id,
        kind: 'pri',
        principalCents: 10_000_000,
        rateBp: 100,
        method: 'amortizing',
        termMonths: 84,
        paymentsPerYear: 4,
        agreementOn: day(30),
        firstPaymentOn: day(120),
      }),
      createLoan(tx, {
        lenderPartyId: fund2.id,
        kind: 'pri',
        principalCents: 5_000_000,
        rateBp: 0,
        method: 'interest-only',
        termMonths: 60,
        paymentsPerYear: 1,
        agreementOn: day(100),
        firstPaymentOn: day(465),
      }),
      createLoan(tx, {
        lenderPartyId: cu.id,
        kind: 'non-extractive',
        principalCents: 1_000_000,
        rateBp: 200,
        method: 'amortizing',
        termMonths: 36,
        paymentsPerYear: 12,
        agreementOn: day(60),
        firstPaymentOn: day(90),
      }),
    ];
    disburse(tx, { loanId: loans[0]!.id, amount: 10_000_000, date: day(35) });
    disburse(tx, { loanId: loans[1]!.id, amount: 5_000_000, date: day(105) });
    disburse(tx, { loanId: loans[2]!.id, amount: 1_000_000, date: day(62) });
    for (const l of [loans[0]!, loans[2]!]) {
      for (const row of scheduleOf(getLoan(tx.db, l.id)).filter((r) => r.dueOn <= end)) {
        repay(tx, {
          loanId: l.id,
          date: row.dueOn,
          principal: row.principalCents,
          interest: row.interestCents,
        });
      }
    }

    // Running the lab: materials and operations every month.
    for (let m = 0; m < 12; m += 1) {
      expense(
        tx,
        day(15 + m * 30),
        'Expenses:Materials',
        180_000 + ((m * 37_123) % 90_000),
        'Filament, plywood, acrylic and fabric',
      );
      expense(
        tx,
        day(28 + m * 30),
        'Expenses:Operations',
        420_000 + ((m * 11_317) % 40_000),
        'Rent, power and internet',
      );
    }
    const closable = Number(end.slice(0, 4)) - 1;
    if (`${closable}-12-31` >= start) closeFiscalYearWithInterest(tx, closable);
  });
};

function expense(tx: WriteTx, date: string, account: string, cents: number, memo: string): void {
  if (date > labToday(tx.db, tx.at)) return;
  postEntry(tx, {
    date,
    memo,
    kind: 'manual',
    lines: [
      { account, amount: cents },
      { account: 'Assets:Bank:Operating', amount: -cents },
    ],
  });
}
