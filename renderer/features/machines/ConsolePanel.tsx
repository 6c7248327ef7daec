import { useState, type KeyboardEvent } from 'react';
import { errorText, useConsole, useMachinesMutation, useT } from './api.js';
import { useControl } from './ControlAccess.js';

/**
 * The console: recent lines with a filter, a command line with history. Job lines are not echoed here. Whoever may
 * not command the machine may still ask for reports; the gate's refusals are shown in the person's words.
 */
export function ConsolePanel({ machineId, canSend }: { machineId: number; canSend: boolean }) {
  const t = useT();
  const lines = useConsole(machineId);
  const send = useMachinesMutation('machines.send');
  const control = useControl();
  const [filter, setFilter] = useState('');
  const [command, setCommand] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const shown =
    filter === '' ? lines : lines.filter((l) => l.text.toLowerCase().includes(filter.toLowerCase()));
  const submit = () => {
    const text = command.trim();
    if (text === '') return;
    send.mutate({
      id: machineId,
      command: text,
      ...(control.overrideReason === undefined ? {} : { overrideReason: control.overrideReason }),
    });
    setHistory((h) => [...h.filter((x) => x !== text), text].slice(-50));
    setCursor(null);
    setCommand('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') submit();
    else if (e.key === 'ArrowUp' && history.length > 0) {
      const next = cursor === null ? history.length - 1 : Math.max(0, cursor - 1);
      setCursor(next);
      setCommand(history[next] ?? '');
    } else if (e.key === 'ArrowDown' && cursor !== null) {
      const next = cursor + 1;
      setCursor(next >= history.length ? null : next);
      setCommand(history[next] ?? '');
    }
  };
  return (
    <section className="machines-console" aria-label={t('machines.console')}>
      <h3>{t('machines.console')}</h3>
      <label>
        {t('machines.console.filter')} <input value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {/* Reachable by keyboard so the lines can be scrolled without a mouse; a log that is not read aloud line by line. */}
      <pre
        className="machines-console-lines"
        role="log"
        aria-live="off"
        tabIndex={0}
        aria-label={t('machines.console.lines')}
      >
        {shown.length === 0
          ? t('machines.console.empty')
          : shown
              .map((l) => `${l.direction === 'out' ? '> ' : l.direction === 'info' ? '# ' : '  '}${l.text}`)
              .join('\n')}
      </pre>
      {canSend && (
        <div>
          <label>
            {t('machines.console.command')}{' '}
            <input
              value={command}
              onChange={(e) => setCommand(e.target.value)}
              onKeyDown={onKey}
              title={t('machines.console.hint')}
            />
          </label>
          <button type="button" onClick={submit}>
            {t('machines.console.send')}
          </button>
          {!control.canCommand && <p className="hint">{t('machines.gate.consoleReports')}</p>}
          {control.access !== null && !control.access.mayConfigure && (
            <p className="hint">{t('machines.gate.configStaff')}</p>
          )}
          {send.error !== null && <p role="alert">{errorText(t, send.error)}</p>}
        </div>
      )}
    </section>
  );
}
