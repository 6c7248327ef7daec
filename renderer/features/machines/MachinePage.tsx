import type { Machine, MachineSnapshot } from '../../../preload/contract/index.js';
import { errorText, useMachinesMutation, useT } from './api.js';
import { MaintenanceTab } from '../jobs/MaintenanceTab.js';
import { ConsolePanel } from './ConsolePanel.js';
import { ControlAccessProvider, ControlNotice, useControl } from './ControlAccess.js';
import { HeaterPanel } from './HeaterPanel.js';
import { JobPanel } from './JobPanel.js';
import { askToNotifyOnce, useJobEndAlert } from './job-alert.js';
import { JogPanel } from './JogPanel.js';
import { LiveChart } from './LiveChart.js';
import { ResumePanel } from './ResumePanel.js';
import { RunningJobView } from './RunningJob.js';
import { StatusSummary } from './StatusSummary.js';
import { driven } from './Dashboard.js';
import { ManualMachinePage } from '../lab/ManualMachinePage.js';
import { BookingCalendar } from '../lab/BookingCalendar.js';

/**
 * One machine: live state and chart, job, jog / home / unlock, heaters and prompts, console, resume. Whoever may
 * not command it sees why beside the controls (ControlAccess); stopping stays open to everyone.
 */
export function MachinePage(props: { machine: Machine; snapshot: MachineSnapshot; onBack: () => void }) {
  return (
    <ControlAccessProvider machine={props.machine}>
      <MachinePageBody {...props} />
    </ControlAccessProvider>
  );
}

function MachinePageBody({
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
  const answer = useMachinesMutation('machines.answerPrompt');
  const control = useControl();
  useJobEndAlert(snapshot.job, machine.name);
  const connected = snapshot.connection === 'connected';
  const streaming = snapshot.job?.state === 'running' || snapshot.job?.state === 'paused';
  const printer = machine.firmware === 'marlin';
  const id = machine.id;
  const error = [connect, disconnect, demo, answer].find((m) => m.error !== null)?.error;
  // A machine the Desk does not drive (manual, USB print driver, network) has sessions instead of controls.
  if (!driven(machine)) return <ManualMachinePage machine={machine} onBack={onBack} />;
  return (
    <article className="machines-page">
      <button type="button" onClick={onBack}>
        ← {t('machines.back')}
      </button>
      <h2>{machine.name}</h2>
      {/* At 1366×768 the controls (right) and the toolpath with the chart (left) share the first screen. */}
      <div className="machines-page-grid">
        <div className="machines-page-controls">
          <StatusSummary snapshot={snapshot} />
          <ControlNotice machine={machine} />
          <div className="machines-buttons">
            {connected ? (
              <>
                <button
                  type="button"
                  disabled={streaming}
                  aria-describedby={streaming ? `disconnect-why-${id}` : undefined}
                  onClick={() => disconnect.mutate({ id })}
                >
                  {t('machines.disconnect')}
                </button>
                {streaming && (
                  <span className="hint" id={`disconnect-why-${id}`}>
                    {t('machines.disconnect.whyOff')}
                  </span>
                )}
              </>
            ) : (
              <button
                type="button"
                onClick={() => {
                  askToNotifyOnce();
                  connect.mutate({ id });
                }}
              >
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
          {error !== undefined && <p role="alert">{errorText(t, error)}</p>}
          {snapshot.prompt !== null && (
            <div role="alert" className="machines-prompt">
              <p>
                {t('machines.prompt')}: {snapshot.prompt.text}
              </p>
              {snapshot.prompt.buttons.map((label, i) => (
                <button
                  key={label}
                  type="button"
                  disabled={!control.canCommand}
                  title={control.canCommand ? undefined : t('machines.gate.offTitle', { why: control.why })}
                  onClick={() =>
                    answer.mutate({
                      id,
                      choice: i,
                      ...(control.overrideReason === undefined
                        ? {}
                        : { overrideReason: control.overrideReason }),
                    })
                  }
                >
                  {label}
                </button>
              ))}
            </div>
          )}
          <JobPanel snapshot={snapshot} />
          {connected && !streaming && (snapshot.queued ?? null) === null && <ResumePanel machineId={id} />}
          {connected && printer && <HeaterPanel machine={machine} />}
          {connected && <JogPanel snapshot={snapshot} />}
        </div>
        <div className="machines-page-watch">
          <RunningJobView machine={machine} snapshot={snapshot} />
          <LiveChart machineId={id} printer={printer} />
        </div>
      </div>
      <ConsolePanel machineId={id} canSend={connected && !streaming} />
      {/* Tickets, usage counters, reminders and the sign-off log of this machine (the jobs area keeps them). */}
      <MaintenanceTab machineId={id} />
      <BookingCalendar machine={machine} />
    </article>
  );
}
