import { useState } from 'react';
import { useMachinesMutation, useMachinesQuery, useT } from './api.js';

/**
 * "Resume from line N": shows the line after the last acknowledged one (or another the operator picks), the lines
 * that restore the machine's state first, and runs only after the operator confirms homing and work zero.
 */
export function ResumePanel({ machineId }: { machineId: number }) {
  const t = useT();
  const [line, setLine] = useState<number | undefined>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  const plan = useMachinesQuery(
    'machines.resumePlan',
    line === undefined ? { id: machineId } : { id: machineId, line },
  );
  const resume = useMachinesMutation('machines.resume');
  if (plan.data === undefined) return null;
  const p = plan.data;
  return (
    <section className="machines-resume" aria-label={t('machines.resumeFrom')}>
      <h3>
        {t('machines.resumeFrom')}: {p.name}
      </h3>
      <label>
        {t('machines.resumeFrom.line')}{' '}
        <input
          type="number"
          min={1}
          value={line ?? p.line}
          onChange={(e) => setLine(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <p>{t('machines.resumeFrom.preamble')}</p>
      <pre>{p.preamble.join('\n')}</pre>
      {p.fileChanged ? (
        <p role="alert">{t('machines.resumeFrom.changed')}</p>
      ) : (
        <>
          <label>
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
            {t('machines.resumeFrom.confirm')}
          </label>
          <button
            type="button"
            disabled={!confirmed || resume.isPending}
            onClick={() => resume.mutate({ id: machineId, line: p.line, confirmedHomed: true })}
          >
            {t('machines.resumeFrom.go', { line: p.line })}
          </button>
        </>
      )}
      {resume.error !== null && <p role="alert">{t('machines.error', { message: resume.error.message })}</p>}
    </section>
  );
}
