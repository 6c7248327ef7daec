import { useState } from 'react';
import type { MethodOutput } from '../../../preload/contract/index.js';
import { useMachinesMutation, useMachinesQuery, useT, type MachinesT } from './api.js';

type Suggestion = NonNullable<MethodOutput<'machines.resumePlan'>['suggestion']>;

/** Why the suggested line is where it is, in words: acknowledged is not done. */
function explain(t: MachinesT, s: Suggestion): string {
  const vars = {
    acked: s.ackedLine,
    line: s.line,
    back: s.linesBack,
    planner: s.plannerBlocks,
    segments: s.segmentBlocks,
    source: t(
      s.plannerSource === 'reported'
        ? 'machines.resumeFrom.source.reported'
        : 'machines.resumeFrom.source.default',
    ),
  };
  if (s.atStart) return t('machines.resumeFrom.why.start', vars);
  return t(s.firmware === 'grbl' ? 'machines.resumeFrom.why.grbl' : 'machines.resumeFrom.why.marlin', vars);
}

/**
 * "Resume from line N": suggests a line far enough back that nothing the controller acknowledged but may not have
 * run is skipped, says why in words, lets the operator pick an earlier line (from the lines around it, or by
 * number), shows the lines that restore the machine's state first, and runs only after the operator confirms
 * homing and work zero.
 */
export function ResumePanel({ machineId }: { machineId: number }) {
  const t = useT();
  const [line, setLine] = useState<number | undefined>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  const plan = useMachinesQuery(
    'machines.resumePlan',
    line === undefined ? { id: machineId } : { id: machineId, line },
    true,
    true,
  );
  const resume = useMachinesMutation('machines.resume');
  if (plan.data === undefined) return null;
  const p = plan.data;
  const suggested = p.suggestion?.line ?? null;
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
      {p.suggestion !== undefined && <p>{explain(t, p.suggestion)}</p>}
      {suggested !== null && p.line > suggested && (
        <p role="alert">{t('machines.resumeFrom.later', { line: p.line, suggested })}</p>
      )}
      {p.nearby !== undefined && p.nearby.length > 0 && (
        <fieldset>
          <legend>{t('machines.resumeFrom.pick')}</legend>
          <ol className="machines-resume-pick">
            {p.nearby.map((l) => (
              <li key={l.line}>
                <label>
                  <input
                    type="radio"
                    name={`resume-line-${machineId}`}
                    checked={p.line === l.line}
                    onChange={() => setLine(l.line)}
                  />{' '}
                  <code>
                    {l.line}: {l.text}
                  </code>
                  {l.line === suggested && ` (${t('machines.resumeFrom.suggested')})`}
                </label>
              </li>
            ))}
          </ol>
        </fieldset>
      )}
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
