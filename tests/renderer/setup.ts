import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Each component test starts from an empty page and storage: nothing one test renders or remembers leaks into the next.
afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.lang = 'en';
});
