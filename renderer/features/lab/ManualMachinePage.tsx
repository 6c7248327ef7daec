import { kindFields, kindIcon, type Machine } from '../../../preload/contract/index.js';
import { MaintenanceTab } from '../jobs/MaintenanceTab.js';
import { useT as useMachinesT } from '../machines/api.js';
import { useT } from './api.js';
import { SessionPanel } from './SessionPanel.js';
import { BookingCalendar } from './BookingCalendar.js';

/**
 * A machine the Desk records but does not drive (a sewing machine, the bench, a laser on its print driver): what
 * it is, its sessions, and its upkeep. No Connect, no console.
 */
export function ManualMachinePage({ machine, onBack }: { machine: Machine; onBack: () => void }) {
  const t = useT();
  const tm = useMachinesT();
  const fields = kindFields(machine.kind).filter((f) => machine.kindFields[f.key] !== undefined);
  return (
    <article className="machines-page">
      <button type="button" onClick={onBack}>
        ← {tm('machines.back')}
      </button>
      <h2>
        <span aria-hidden="true">{kindIcon(machine.kind)}</span> {machine.name}
      </h2>
      <p>
        {tm(`machines.kind.${machine.kind}`)} · {tm('machines.manual')}
      </p>
      {fields.length > 0 && (
        <dl aria-label={t('lab.fields')}>
          {fields.map((f) => {
            const v = machine.kindFields[f.key];
            const shown =
              typeof v === 'boolean'
                ? t(v ? 'lab.yes' : 'lab.no')
                : f.type === 'choice'
                  ? tm(`machines.choice.${String(v)}` as Parameters<typeof tm>[0])
                  : String(v);
            return (
              <div key={f.key}>
                <dt>{tm(`machines.field.${f.key}` as Parameters<typeof tm>[0])}</dt>
                <dd>{shown}</dd>
              </div>
            );
          })}
        </dl>
      )}
      <SessionPanel machine={machine} />
      <BookingCalendar machine={machine} />
      <MaintenanceTab machineId={machine.id} />
    </article>
  );
}
