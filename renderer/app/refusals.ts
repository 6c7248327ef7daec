import type { DeskErrorPayload } from '../../preload/contract/errors.js';
import { refusalOf, type RefusalKey } from '../../preload/contract/refusals.js';

/** Main's keyed refusals in each language: a missing key in either table is a compile error. */
export const refusalMessages: Record<'en' | 'es', Record<RefusalKey, string>> = {
  en: {
    'machine.retired': '{name} is retired.',
    'machine.noFirmware': '{name} has no firmware the Desk can talk to.',
    'machine.notConnected': '{name} is not connected. Connect it first.',
    'machine.streaming': 'A job is streaming to this machine: pause or stop it first.',
    'machine.homeFirst': 'The machine may have lost its position (alarm or emergency stop): home it first.',
    'machine.busyDisconnect': '{name} is running a job: stop it before disconnecting.',
    'machine.stillHolding':
      'The machine is still holding lines from the last job: choose Stop or Continue first.',
    'job.machineDown': '{name} is down ({tickets}). Nothing starts on it until staff resolve it.',
    'job.machineBusy': '{name} is busy with another job.',
    'job.bedClear': 'Confirm the bed of {name} is clear before starting.',
    'job.stockClear': 'Confirm the stock and bed of {name} are clear before starting.',
  },
  es: {
    'machine.retired': '{name} está retirada del servicio.',
    'machine.noFirmware': '{name} no tiene un firmware con el que el Desk pueda comunicarse.',
    'machine.notConnected': '{name} no está conectada. Conéctela primero.',
    'machine.streaming': 'Se está enviando un trabajo a esta máquina: páuselo o deténgalo primero.',
    'machine.homeFirst':
      'La máquina puede haber perdido su posición (alarma o parada de emergencia): llévela al origen primero.',
    'machine.busyDisconnect': '{name} está haciendo un trabajo: deténgalo antes de desconectar.',
    'machine.stillHolding':
      'La máquina aún retiene líneas del último trabajo: elija Detener o Continuar primero.',
    'job.machineDown':
      '{name} está fuera de servicio ({tickets}). No se inicia nada en ella hasta que el personal lo resuelva.',
    'job.machineBusy': '{name} está ocupada con otro trabajo.',
    'job.bedClear': 'Confirme que la cama de {name} está despejada antes de empezar.',
    'job.stockClear': 'Confirme que el material y la cama de {name} están despejados antes de empezar.',
  },
};

/** The page's language (the shell keeps <html lang> in step with the person's choice). */
function pageLanguage(): 'en' | 'es' {
  return typeof document !== 'undefined' && document.documentElement.lang === 'es' ? 'es' : 'en';
}

/**
 * A refusal from main in the person's language when it carries a known key (details.refusal), else main's own
 * sentence. Called where a failed call becomes an error, so every screen gets it.
 */
export function refusalText(
  error: Pick<DeskErrorPayload, 'message' | 'details'>,
  language = pageLanguage(),
): string {
  const refusal = refusalOf(error.details);
  if (refusal === null) return error.message;
  return refusalMessages[language][refusal.key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(refusal.params[name] ?? `{${name}}`),
  );
}
