import { useState, type SyntheticEvent } from 'react';
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';
import type { Machine } from '../../../preload/contract/methods/machines.js';
import { hostNow, useDeskMutation, useDeskQuery } from '../../api/index.js';
import { FormError } from '../../app/Field.js';
import { makeUseT } from '../../app/i18n.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { peopleMessages } from './messages.js';

const useT = makeUseT(peopleMessages);

const labDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Record who is already qualified on a training (training.authorizations.grantMany): at machine registration for
 * the trainings that unlock the new machine, and on the People screen for any training. Only an instructor with
 * the right to grant a training is offered it; main checks the same rules again.
 */
export function AlreadyQualified({
  machine = null,
  onDone,
}: {
  machine?: Pick<Machine, 'id' | 'kind' | 'name'> | null;
  onDone?: () => void;
}) {
  const t = useT();
  const toast = useToast();
  const errorText = useErrorText();
  const whoami = useDeskQuery('session.whoami', {});
  const me = whoami.data ?? null;
  const teaches = me?.permissions.includes('training.teach') === true;
  const definitions = useDeskQuery('training.definitions.list', { includeRetired: false });
  const rights = useDeskQuery('training.rights.list', {}, { enabled: teaches });
  const people = useDeskQuery('people.list', { includeInactive: false }, { enabled: teaches });
  const grantMany = useDeskMutation('training.authorizations.grantMany', {
    invalidate: ['machines.', 'jobs.'],
  });
  const unlocking = (definitions.data ?? []).filter(
    (d) =>
      !d.retired &&
      (machine === null || d.machineIds.includes(machine.id) || d.machineKinds.includes(machine.kind)),
  );
  const mine = new Set(
    (rights.data ?? [])
      .filter((r) => r.personId === me?.person.id && r.endedAt === null)
      .map((r) => r.definitionId),
  );
  const grantable = unlocking.filter((d) => mine.has(d.id));
  const [definitionPick, setDefinitionPick] = useState('');
  const [chosen, setChosen] = useState<number[]>([]);
  const [by, setBy] = useState<string | null>(null);
  const [on, setOn] = useState(() => labDay.format(hostNow()));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const definition = grantable.find((d) => String(d.id) === definitionPick) ?? grantable[0];
  const qualifiedBy = by ?? me?.person.displayName ?? '';
  const ready = definition !== undefined && chosen.length > 0 && qualifiedBy.trim() !== '';
  const title = machine === null ? t('qualified.title') : t('qualified.titleFor', { machine: machine.name });

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!ready) return;
    setError(null);
    grantMany.mutate(
      {
        definitionId: definition.id,
        personIds: chosen,
        qualifiedBy: qualifiedBy.trim(),
        qualifiedOn: on,
        ...(note.trim() === '' ? {} : { note: note.trim() }),
      },
      {
        onSuccess: (result) => {
          toast(
            t('qualified.recorded', { count: result.granted.length, training: definition.name }),
            'success',
          );
          if (result.alreadyHeld.length > 0)
            toast(
              t('qualified.alreadyHeld', { names: result.alreadyHeld.map((p) => p.displayName).join(', ') }),
            );
          setChosen([]);
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };

  const doneButton = onDone !== undefined && (
    <button type="button" onClick={onDone}>
      {t('qualified.done')}
    </button>
  );
  if (!teaches || !definitions.isSuccess || !rights.isSuccess) {
    return (
      <section className="card already-qualified" aria-label={title}>
        <h3>{title}</h3>
        {whoami.isSuccess && !teaches && <p>{t('qualified.notTeacher')}</p>}
        {doneButton}
      </section>
    );
  }
  if (unlocking.length === 0 || grantable.length === 0) {
    return (
      <section className="card already-qualified" aria-label={title}>
        <h3>{title}</h3>
        <p role="status">
          {unlocking.length === 0
            ? t('qualified.noTraining', { machine: machine?.name ?? '' })
            : t('qualified.noRight', { names: unlocking.map((d) => `"${d.name}"`).join(', ') })}
        </p>
        {doneButton}
      </section>
    );
  }
  return (
    <form className="card already-qualified" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <p className="hint">{t('qualified.intro')}</p>
      <label>
        {t('qualified.training')}
        <select value={definition?.id ?? ''} onChange={(e) => setDefinitionPick(e.target.value)}>
          {grantable.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('qualified.people')}</legend>
        {(people.data ?? []).map((p) => {
          const self = p.id === me.person.id;
          return (
            <label key={p.id} className="inline">
              <input
                type="checkbox"
                disabled={self}
                checked={chosen.includes(p.id)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))
                }
              />
              {self ? t('qualified.you', { name: p.displayName }) : p.displayName}
            </label>
          );
        })}
      </fieldset>
      <label>
        {t('qualified.by')}
        <input value={qualifiedBy} onChange={(e) => setBy(e.target.value)} maxLength={120} required />
      </label>
      <label>
        {t('qualified.on')}
        <input
          type="date"
          value={on}
          max={labDay.format(hostNow())}
          onChange={(e) => setOn(e.target.value)}
          required
        />
      </label>
      <label>
        {t('qualified.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <FormError error={error} />
      <div className="buttons">
        <button
          type="submit"
          disabled={!ready || grantMany.isPending}
          aria-describedby={ready ? undefined : 'qualified-off'}
        >
          {t('qualified.record', { count: chosen.length })}
        </button>
        {doneButton}
      </div>
      {!ready && (
        <p id="qualified-off" className="hint">
          {t('qualified.recordOff')}
        </p>
      )}
    </form>
  );
}
