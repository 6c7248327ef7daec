import { useCallback } from 'react';
import { CallError } from '../api/index.js';
import { makeUseT } from './i18n.js';
import { shellMessages, type ErrorMessageKey } from './messages.js';

export const useShellT = makeUseT(shellMessages);

/** A failed call in the person's language: the code picks the sentence, main's message fills in the detail. */
export function useErrorText(): (error: unknown) => string {
  const t = useShellT();
  return useCallback(
    (error: unknown) => {
      if (error instanceof CallError)
        return t(`error.${error.code}` satisfies ErrorMessageKey, { detail: error.message });
      return error instanceof Error ? error.message : String(error);
    },
    [t],
  );
}
