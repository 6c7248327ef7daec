import type { MethodOutput } from '../../../preload/contract/index.js';
import { formatCents } from '../../../preload/contract/methods/treasury-money.js';

type Campaign = NonNullable<MethodOutput<'treasury.campaign'>>;

/** Share of a goal as a percentage with one decimal, computed on integers (cents never become floats here). */
export function percentOf(raised: number, goal: number): number {
  if (goal <= 0) return 0;
  return Math.min(1000, Math.floor((Math.max(0, raised) * 1000) / goal)) / 10;
}

/** Stacks tranche fills from the bottom of the column, each in proportion to the whole goal (integers only). */
function stack<T extends { raisedCents: number }>(
  tranches: readonly T[],
  goal: number,
  height: number,
): { t: T; y: number; h: number }[] {
  const out: { t: T; y: number; h: number }[] = [];
  let top = height;
  for (const t of tranches) {
    const h = Math.floor((Math.max(0, Math.min(t.raisedCents, goal)) * height) / goal);
    top -= h;
    out.push({ t, y: top, h });
  }
  return out;
}

const COLORS = { share: '#2f6f4f', gift: '#b5651d', loan: '#3b5b92' } as const;

/**
 * The campaign thermometer: one column for the whole goal, filled by tranche, and a bar per tranche with its
 * count target. Everything comes from the books via treasury.campaign; nothing here is typed in.
 */
export function Thermometer({
  campaign,
  language,
  labels,
}: {
  campaign: Campaign;
  language: 'en' | 'es';
  labels: {
    title: string;
    raised: (raised: string, goal: string) => string;
    count: (count: number, target: number) => string;
    note: string;
  };
}) {
  const height = 220;
  const segments = stack(campaign.tranches, campaign.goalCents, height);
  return (
    <section className="treasury-thermometer" aria-label={labels.title}>
      <h2>{labels.title}</h2>
      <p className="treasury-thermometer-total" data-testid="campaign-total">
        {labels.raised(
          formatCents(campaign.raisedCents, language),
          formatCents(campaign.goalCents, language),
        )}{' '}
        ({percentOf(campaign.raisedCents, campaign.goalCents)} %)
      </p>
      <div style={{ display: 'flex', gap: '2rem', alignItems: 'flex-end' }}>
        <svg
          width="60"
          height={height + 40}
          role="img"
          aria-label={`${percentOf(campaign.raisedCents, campaign.goalCents)} %`}
        >
          <rect x="18" y="0" width="24" height={height} rx="12" fill="#eee" stroke="#999" />
          {segments.map(({ t, y: top, h }) => (
            <rect key={t.code} x="18" y={top} width="24" height={h} fill={COLORS[t.kind]} />
          ))}
          <circle cx="30" cy={height + 16} r="18" fill={COLORS.share} />
        </svg>
        <ul style={{ listStyle: 'none', padding: 0, margin: 0, flex: 1 }}>
          {campaign.tranches.map((t) => (
            <li key={t.code} style={{ marginBottom: '0.75rem' }} data-testid={`tranche-${t.code}`}>
              <strong>{language === 'es' ? t.nameEs : t.name}</strong>
              <div
                style={{
                  background: '#eee',
                  height: '0.75rem',
                  borderRadius: '0.375rem',
                  overflow: 'hidden',
                }}
              >
                <div
                  style={{
                    width: `${percentOf(t.raisedCents, t.goalCents)}%`,
                    height: '100%',
                    background: COLORS[t.kind],
                  }}
                />
              </div>
              <small>
                {labels.raised(formatCents(t.raisedCents, language), formatCents(t.goalCents, language))}
                {t.countTarget !== null ? ` · ${labels.count(t.count, t.countTarget)}` : ''}
              </small>
            </li>
          ))}
        </ul>
      </div>
      <p>
        <small>{labels.note}</small>
      </p>
    </section>
  );
}
