import { useEffect, useState } from 'react';

/** The area in the address after `#/` (hash routes work the same under app:// and http://, with no server rules). */
export function currentRoute(): string {
  return window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function hrefOf(area: string): string {
  return `#/${area}`;
}

/** What follows the area in the address (`#/training/desk` → `desk`), for an area's own starting view. */
export function currentSubRoute(): string {
  return window.location.hash.replace(/^#\/?/, '').split('/')[1] ?? '';
}
