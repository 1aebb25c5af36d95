import { useEffect, useState } from 'react';
import { type PageId, routeFromHash } from './pages';

/** The page and selection in the URL's hash: reload and back/forward keep them. */
export function useRoute(): { page: PageId; selected: string | null } {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

export function navigate(page: PageId, selected: string | null = null) {
  window.location.hash = selected ? `#/${page}/${selected}` : `#/${page}`;
}
