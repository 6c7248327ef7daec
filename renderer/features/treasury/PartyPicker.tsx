import { useState } from 'react';
import { errorText, useT, useTreasuryMutation, useTreasuryQuery } from './api.js';

/** Pick a person or organisation, or add one on the spot (money often arrives from someone new). */
export function PartyPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number | null;
  onChange: (id: number | null) => void;
}) {
  const t = useT();
  const parties = useTreasuryQuery('treasury.parties.list', {});
  const create = useTreasuryMutation('treasury.parties.create');
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'person' | 'organisation'>('person');
  return (
    <div className="treasury-party">
      <label>
        {label}
        <select
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          name="party"
        >
          <option value="">{t('treasury.receive.choose')}</option>
          {(parties.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {adding ? (
        <span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('treasury.party.name')}
            name="partyName"
          />
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value === 'organisation' ? 'organisation' : 'person')}
            name="partyKind"
          >
            <option value="person">{t('treasury.party.kind.person')}</option>
            <option value="organisation">{t('treasury.party.kind.organisation')}</option>
          </select>
          <button
            type="button"
            disabled={name.trim() === '' || create.isPending}
            onClick={() =>
              create.mutate(
                { kind, name },
                {
                  onSuccess: (p) => {
                    onChange(p.id);
                    setAdding(false);
                    setName('');
                  },
                },
              )
            }
          >
            {t('treasury.party.add')}
          </button>
          {create.error !== null && <span role="alert">{errorText(create.error)}</span>}
        </span>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('treasury.party.new')}
        </button>
      )}
    </div>
  );
}
