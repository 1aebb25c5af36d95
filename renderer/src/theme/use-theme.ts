import { useEffect } from 'react';
import type { Theme } from '../../../shared/settings';

/** "system" leaves the choice to prefers-color-scheme; light/dark pin it. */
export function useTheme(theme: Theme | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (!theme || theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
