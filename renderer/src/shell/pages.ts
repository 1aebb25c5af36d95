export const pages = [
  { id: 'send', label: 'Send' },
  { id: 'verify', label: 'Verify' },
  { id: 'domain', label: 'Domain' },
  { id: 'message', label: 'Message' },
  { id: 'sandbox', label: 'Sandbox' },
  { id: 'settings', label: 'Settings' },
  { id: 'about', label: 'About' },
] as const;

export type PageId = (typeof pages)[number]['id'];

/** `#/send`, `#/send/<delivery id>`, `#/sandbox`…: the page, and what it has selected. */
export function routeFromHash(hash: string): { page: PageId; selected: string | null } {
  const [id = '', selected = null] = hash.replace(/^#\/?/, '').split('/');
  return { page: pages.find((p) => p.id === id)?.id ?? 'send', selected: selected || null };
}
