import { useState } from 'react';
import type { Machine, MachineSnapshot } from '../../../preload/contract/index.js';
import { useMachinesMutation, useT } from './api.js';
import { MaintenanceTab } from '../jobs/MaintenanceTab.js';
import { ConsolePanel } from './ConsolePanel.js';
import { JobPanel } from './JobPanel.js';
import { JogPanel } from './JogPanel.js';
import { LiveChart } from './LiveChart.js';
import { ResumePanel } from './ResumePanel.js';
import { StatusSummary } from './StatusSummary.js';

/** One machine: live state and chart, job, jog / home / unlock, heaters and prompts, console, resume. */
export function MachinePage({
  machine,
  snapshot,
  onBack,
}: {
  machine: Machine;
  snapshot: MachineSnapshot;
  onBack: () => void;
}) {
  const t = useT();
  const connect = useMachinesMutation('machines.connect');
  const disconnect = useMachinesMutation('machines.disconnect');
  const demo = useMachinesMutation('machines.runDemo');
  const heat = useMachinesMutation('machines.setTemperature');
  const answer = useMachinesMutation('machines.answerPrompt');
  const [targets, setTargets] = useState({ hotend: 200, bed: 60 });
  const connected = snapshot.connection === 'connected';
  const streaming = snapshot.job?.state === 'running' || snapshot.job?.state === 'paused';
  const printer = machine.firmware === 'marlin';
  const id = machine.id;
  const error = [connect, disconnect, demo, heat, answer].find((m) => m.error !== null)?.error;
  return (
    <article className="machines-page">
      <button type="button" onClick={onBack}>
        ← {t('machines.back')}
      </button>
      <h2>{machine.name}</h2>
      <StatusSummary snapshot={snapshot} />
      <div className="machines-buttons">
        {connected ? (
          <button type="button" disabled={streaming} onClick={() => disconnect.mutate({ id })}>
            {t('machines.disconnect')}
          </button>
        ) : (
          <button type="button" onClick={() => connect.mutate({ id })}>
            {t('machines.connect')}
          </button>
        )}
        {connected && !streaming && machine.connection.type === 'simulated' && (
          <>
            <button type="button" onClick={() => demo.mutate({ id, dryRun: false })}>
              {t('machines.practice')}
            </button>
            {!printer && (
              <button type="button" onClick={() => demo.mutate({ id, dryRun: true })}>
                {t('machines.dryRun')}
              </button>
            )}
          </>
        )}
      </div>
      {error !== undefined && <p role="alert">{t('machines.error', { message: error.message })}</p>}
      {snapshot.prompt !== null && (
        <div role="alert" className="machines-prompt">
          <p>
            {t('machines.prompt')}: {snapshot.prompt.text}
          </p>
          {snapshot.prompt.buttons.map((label, i) => (
            <button key={label} type="button" onClick={() => answer.mutate({ id, choice: i })}>
              {label}
            </button>
          ))}
        </div>
      )}
      <JobPanel snapshot={snapshot} />
      {connected && !streaming && (snapshot.queued ?? null) === null && <ResumePanel machineId={id} />}
      {connected && printer && (
        <section aria-label={t('machines.temperatures')}>
          {(['hotend', 'bed'] as const).map((heater) => (
            <label key={heater}>
              {t(`machines.heater.${heater}`)}{' '}
              <input
                type="number"
                min={0}
                max={300}
                value={targets[heater]}
                onChange={(e) => setTargets((v) => ({ ...v, [heater]: Number(e.target.value) || 0 }))}
              />
              <button type="button" onClick={() => heat.mutate({ id, heater, celsius: targets[heater] })}>
                {t('machines.setTarget')}
              </button>{' '}
            </label>
          ))}
        </section>
      )}
      {connected && <JogPanel snapshot={snapshot} />}
      <LiveChart machineId={id} printer={printer} />
      <ConsolePanel machineId={id} canSend={connected && !streaming} />
      {/* Tickets, usage counters, reminders and the sign-off log of this machine (the jobs area keeps them). */}
      <MaintenanceTab machineId={id} />
    </article>
  );
}
