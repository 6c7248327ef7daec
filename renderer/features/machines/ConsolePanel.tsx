import { useState, type KeyboardEvent } from 'react';
import { useConsole, useMachinesMutation, useT } from './api.js';

/** The console: recent lines with a filter, a command line with history. Job lines are not echoed here. */
export function ConsolePanel({ machineId, canSend }: { machineId: number; canSend: boolean }) {
  const t = useT();
  const lines = useConsole(machineId);
  const send = useMachinesMutation('machines.send');
  const [filter, setFilter] = useState('');
  const [command, setCommand] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const shown =
    filter === '' ? lines : lines.filter((l) => l.text.toLowerCase().includes(filter.toLowerCase()));
  const submit = () => {
    const text = command.trim();
    if (text === '') return;
    send.mutate({ id: machineId, command: text });
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
      <pre className="machines-console-lines" aria-live="off">
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
          {send.error !== null && <p role="alert">{t('machines.error', { message: send.error.message })}</p>}
        </div>
      )}
    </section>
  );
}
