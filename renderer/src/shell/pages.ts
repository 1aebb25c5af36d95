export const pages = [
  { id: 'settings', label: 'Settings' },
  { id: 'about', label: 'About' },
] as const;

export type PageId = (typeof pages)[number]['id'];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return pages.find((p) => p.id === id)?.id ?? 'settings';
}
