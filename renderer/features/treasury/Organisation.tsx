import { useState } from 'react';
import type { MethodOutput } from '../../../preload/contract/index.js';
import { errorText, useT, useTreasuryMutation, useTreasuryQuery } from './api.js';

type Org = MethodOutput<'treasury.organisation.get'>;
const STATUSES = ['501c3', 'cooperative', 'other'] as const;

/**
 * The organisation's legal and tax identity (administrators and the treasurer): receipts and acknowledgments state
 * it, and the lab's time zone is the one clock of the books. Main checks the EIN's form and the zone.
 */
export function Organisation() {
  const t = useT();
  const org = useTreasuryQuery('treasury.organisation.get', {});
  if (org.data === undefined) return <p>{t('treasury.common.loading')}</p>;
  // Keyed on what main holds, so a save (or another person's) starts the form from the stored values.
  return <OrganisationForm key={JSON.stringify(org.data)} stored={org.data} />;
}

function OrganisationForm({ stored }: { stored: Org }) {
  const t = useT();
  const save = useTreasuryMutation('treasury.organisation.set');
  const [legalName, setLegalName] = useState(stored.legalName);
  const [address, setAddress] = useState(stored.address);
  const [ein, setEin] = useState(stored.ein ?? '');
  const [taxStatus, setTaxStatus] = useState<Org['taxStatus']>(stored.taxStatus);
  const [hasSponsor, setHasSponsor] = useState(stored.fiscalSponsor !== null);
  const [sponsorName, setSponsorName] = useState(stored.fiscalSponsor?.name ?? '');
  const [sponsorEin, setSponsorEin] = useState(stored.fiscalSponsor?.ein ?? '');
  const [timeZone, setTimeZone] = useState(stored.timeZone);
  const submit = () =>
    save.mutate({
      legalName,
      address,
      ein: ein.trim() === '' ? null : ein.trim(),
      taxStatus,
      fiscalSponsor: hasSponsor ? { name: sponsorName, ein: sponsorEin.trim() } : null,
      timeZone: timeZone.trim(),
    });
  return (
    <section aria-labelledby="org-title">
      <h2 id="org-title">{t('treasury.org.title')}</h2>
      <p>{t('treasury.org.hint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t('treasury.org.legalName')}{' '}
          <input value={legalName} onChange={(e) => setLegalName(e.target.value)} name="legalName" required />
        </label>
        <label>
          {t('treasury.org.address')}{' '}
          <input value={address} onChange={(e) => setAddress(e.target.value)} name="address" />
        </label>
        <label>
          {t('treasury.org.ein')}{' '}
          <input value={ein} onChange={(e) => setEin(e.target.value)} name="ein" placeholder="12-3456789" />
        </label>
        <fieldset>
          <legend>{t('treasury.org.taxStatus')}</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input
                type="radio"
                name="taxStatus"
                value={s}
                checked={taxStatus === s}
                onChange={() => setTaxStatus(s)}
              />{' '}
              {t(`treasury.org.status.${s}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <input
            type="checkbox"
            checked={hasSponsor}
            onChange={(e) => setHasSponsor(e.target.checked)}
            name="hasSponsor"
          />{' '}
          {t('treasury.org.hasSponsor')}
        </label>
        {hasSponsor && (
          <>
            <label>
              {t('treasury.org.sponsorName')}{' '}
              <input
                value={sponsorName}
                onChange={(e) => setSponsorName(e.target.value)}
                name="sponsorName"
              />
            </label>
            <label>
              {t('treasury.org.sponsorEin')}{' '}
              <input value={sponsorEin} onChange={(e) => setSponsorEin(e.target.value)} name="sponsorEin" />
            </label>
          </>
        )}
        <label>
          {t('treasury.org.timeZone')}{' '}
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} name="timeZone" />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t('treasury.org.save')}
        </button>
      </form>
      {save.error !== null && <p role="alert">{errorText(save.error)}</p>}
      {save.isSuccess && <p role="status">{t('treasury.org.saved')}</p>}
    </section>
  );
}
