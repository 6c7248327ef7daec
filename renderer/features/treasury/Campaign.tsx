import { Thermometer } from './Thermometer.js';
import { useLanguage, useT, useTreasuryQuery } from './api.js';

/** The campaign thermometer: for the treasurer, and read-only for everyone else (treasury.summary). */
export function Campaign() {
  const t = useT();
  const language = useLanguage();
  const campaign = useTreasuryQuery('treasury.campaign', {});
  if (campaign.data === undefined || campaign.data === null) return <p>{t('treasury.common.loading')}</p>;
  return (
    <Thermometer
      campaign={campaign.data}
      language={language}
      labels={{
        title: t('treasury.campaign.title'),
        raised: (raised, goal) => t('treasury.campaign.raised', { raised, goal }),
        count: (count, target) => t('treasury.campaign.count', { count, target }),
        note: t('treasury.campaign.fromBooks'),
      }}
    />
  );
}
