import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { useShellT } from './words.js';

export interface ConfirmOptions {
  title: string;
  body?: string;
  /** The button that does it, named for what it does ("Remove file"), never just "OK". */
  confirmLabel: string;
  danger?: boolean;
}

export interface AskOptions extends ConfirmOptions {
  /** The visible label of the text field. */
  label: string;
  /** Refuse an empty answer (a reason the record needs). */
  required?: boolean;
}

interface Dialogs {
  /** Resolves true when the person confirms, false when they cancel (button, Escape). */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** Resolves the text typed, or null when cancelled. */
  ask(options: AskOptions): Promise<string | null>;
}

type Open =
  | { kind: 'confirm'; options: ConfirmOptions; resolve: (ok: boolean) => void }
  | { kind: 'ask'; options: AskOptions; resolve: (text: string | null) => void };

const DialogContext = createContext<Dialogs | null>(null);

/**
 * The app's own confirm and question dialogs. Electron implements no `window.prompt`, and the browser's own boxes
 * are neither translated nor styled, so every question goes through here (a lint rule forbids the browser's).
 */
export function DialogProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<Open | null>(null);
  const dialogs = useMemo<Dialogs>(
    () => ({
      confirm: (options) => new Promise((resolve) => setOpen({ kind: 'confirm', options, resolve })),
      ask: (options) => new Promise((resolve) => setOpen({ kind: 'ask', options, resolve })),
    }),
    [],
  );
  const close = useCallback(() => setOpen(null), []);
  return (
    <DialogContext.Provider value={dialogs}>
      {children}
      {open !== null && <DialogBox open={open} onClose={close} />}
    </DialogContext.Provider>
  );
}

export function useDialogs(): Dialogs {
  const value = useContext(DialogContext);
  if (value === null) throw new Error('useDialogs outside DialogProvider');
  return value;
}

function DialogBox({ open, onClose }: { open: Open; onClose: () => void }) {
  const t = useShellT();
  const titleId = useId();
  const bodyId = useId();
  const box = useRef<HTMLDivElement>(null);
  const returnTo = useRef<Element | null>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const { options } = open;

  useEffect(() => {
    returnTo.current = document.activeElement;
    box.current?.querySelector<HTMLElement>('input, button.primary, button.danger')?.focus();
    return () => {
      if (returnTo.current instanceof HTMLElement) returnTo.current.focus();
    };
  }, []);

  const finish = (answer: boolean) => {
    if (open.kind === 'confirm') open.resolve(answer);
    else open.resolve(answer ? text.trim() : null);
    onClose();
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (open.kind === 'ask' && open.options.required === true && text.trim() === '') {
      setMissing(true);
      return;
    }
    finish(true);
  };
  // Escape cancels; Tab stays inside the dialog while it is open.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      finish(false);
      return;
    }
    if (event.key !== 'Tab' || box.current === null) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>('input, button')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        className="dialog card"
        role={open.kind === 'confirm' ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={options.body === undefined ? undefined : bodyId}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit}>
          <h2 id={titleId}>{options.title}</h2>
          {options.body !== undefined && <p id={bodyId}>{options.body}</p>}
          {open.kind === 'ask' && (
            <label>
              {open.options.label}
              <input
                value={text}
                required={open.options.required}
                aria-invalid={missing ? true : undefined}
                onChange={(e) => {
                  setText(e.target.value);
                  setMissing(false);
                }}
              />
            </label>
          )}
          {missing && <p role="alert">{t('dialog.required')}</p>}
          <div className="dialog-actions">
            <button type="button" onClick={() => finish(false)}>
              {t('dialog.cancel')}
            </button>
            <button type="submit" className={options.danger === true ? 'danger' : 'primary'}>
              {options.confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
