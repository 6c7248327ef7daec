import { formatCents, parseAmount } from '../../../preload/contract/methods/treasury-money.js';
import { useAmountRefusal } from '../../app/money-words.js';
import { useLanguage } from './api.js';

/**
 * What a typed amount will be booked as ("$1,000.50"), or why it will not be, in the person's language — shown as
 * they type, so main's refusal (in English) is never the first they hear of it.
 */
export function AmountPreview({ text, zeroAllowed = false }: { text: string; zeroAllowed?: boolean }) {
  const language = useLanguage();
  const refusal = useAmountRefusal();
  if (text.trim() === '') return null;
  const parsed = parseAmount(text, { allowZero: zeroAllowed });
  return (
    <output className={parsed.ok ? 'hint' : 'form-error'}>
      {parsed.ok ? formatCents(parsed.cents, language) : refusal(parsed)}
    </output>
  );
}

/** Whether a typed amount would be accepted (for disabling the button that sends it). */
export function amountOk(text: string, zeroAllowed = false): boolean {
  return parseAmount(text, { allowZero: zeroAllowed }).ok;
}
