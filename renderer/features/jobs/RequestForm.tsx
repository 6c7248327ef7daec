import { useState, type SyntheticEvent } from 'react';
import { machineKinds, type Machine } from '../../../preload/contract/methods/machines.js';
import { call, useDeskQuery } from '../../api/index.js';
import { useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../app/Field.js';
import { useToast } from '../../app/toasts.js';
import { useErrorText } from '../../app/words.js';
import { useMe, useT } from './api.js';
import { MaterialField, TierField } from './JobFields.js';
import { defaultTierFor } from './QueueFile.js';

/**
 * Ask for a job: files from the library, a machine (or any machine of a kind), material and colour, quantity, due
 * date and notes. Staff also choose the priority tier and may approve and queue it at once.
 */
export function RequestForm({ onDone }: { onDone: (jobId: number) => void }) {
  const t = useT();
  const me = useMe();
  const toast = useToast();
  const errorText = useErrorText();
  const client = useQueryClient();
  const files = useDeskQuery('files.list', { scope: 'visible' });
  const machines = useDeskQuery('machines.list', { includeRetired: false });
  const catalog = useDeskQuery('jobs.catalog', {});
  const whoami = useDeskQuery('session.whoami', {});
  const [title, setTitle] = useState('');
  const [fileIds, setFileIds] = useState<number[]>([]);
  const [target, setTarget] = useState('');
  const [materialId, setMaterialId] = useState('');
  const [colour, setColour] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [tierId, setTierId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [notes, setNotes] = useState('');
  const [approveNow, setApproveNow] = useState(true);
  const [draft, setDraft] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const staff = me?.staff === true;
  // Staff ask as core staff unless they pick another tier: never silently "Community".
  const roleTier = defaultTierFor(whoami.data?.roles ?? [], catalog.data?.tiers ?? []);
  const effectiveTier = tierId === '' ? (roleTier === null ? '' : String(roleTier.id)) : tierId;

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const [kind, id] = target.split(':');
      const job = await call('jobs.request', {
        title,
        fileIds,
        ...(kind === 'machine'
          ? { machineId: Number(id) }
          : kind === 'kind'
            ? { machineKind: id as Machine['kind'] }
            : {}),
        ...(materialId === '' ? {} : { materialId: Number(materialId) }),
        ...(colour.trim() === '' ? {} : { colour }),
        quantity: Number(quantity),
        ...(staff && effectiveTier !== '' ? { tierId: Number(effectiveTier) } : {}),
        ...(dueOn === '' ? {} : { dueOn }),
        ...(notes.trim() === '' ? {} : { notes }),
        submit: !draft,
      });
      if (staff && approveNow && !draft) {
        await call('jobs.transition', { id: job.id, to: 'approved' });
        if (job.machineId !== null) await call('jobs.transition', { id: job.id, to: 'queued' });
      }
      await client.invalidateQueries();
      toast(t('jobs.request.sent', { number: job.number }), 'success');
      onDone(job.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const tiers = (catalog.data?.tiers ?? []).filter((x) => x.active);
  return (
    <form className="card job-request" aria-label={t('jobs.tab.request')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('jobs.field.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} />
      </label>
      <label>
        {t('jobs.field.files')}
        <select
          multiple
          value={fileIds.map(String)}
          onChange={(e) => setFileIds([...e.target.selectedOptions].map((o) => Number(o.value)))}
          size={Math.min(8, Math.max(3, files.data?.length ?? 3))}
        >
          {(files.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <span className="hint">{t('jobs.field.filesHint')}</span>
      <label>
        {t('jobs.field.machine')}
        <select value={target} onChange={(e) => setTarget(e.target.value)} required>
          <option value="" />
          {(machines.data ?? []).map(({ machine }) => (
            <option key={machine.id} value={`machine:${machine.id}`}>
              {machine.name}
            </option>
          ))}
          {machineKinds.map((kind) => (
            <option key={kind} value={`kind:${kind}`}>
              {t('jobs.field.anyOfKind', { kind: t(`jobs.kind.${kind}`) })}
            </option>
          ))}
        </select>
      </label>
      <MaterialField materials={catalog.data?.materials ?? []} value={materialId} onChange={setMaterialId} />
      <label>
        {t('jobs.field.colour')}
        <input value={colour} onChange={(e) => setColour(e.target.value)} maxLength={40} />
      </label>
      <label>
        {t('jobs.field.quantity')}
        <input
          type="number"
          min={1}
          max={500}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          required
        />
      </label>
      {staff && <TierField tiers={tiers} value={effectiveTier} onChange={setTierId} />}
      <label>
        {t('jobs.field.due')}
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </label>
      <label>
        {t('jobs.field.notes')}
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
      </label>
      <label>
        <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
        {t('jobs.field.saveDraft')}
      </label>
      {staff && !draft && (
        <label>
          <input type="checkbox" checked={approveNow} onChange={(e) => setApproveNow(e.target.checked)} />
          {t('jobs.field.approveNow')}
        </label>
      )}
      <FormError error={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('jobs.request.send')}
        </button>
      </div>
    </form>
  );
}
