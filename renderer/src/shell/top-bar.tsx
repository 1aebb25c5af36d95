import { type PageId, pages } from './pages';
import { ConnectionBadge, ModeBadge } from './status-badges';

export function TopBar({ page }: { page: PageId }) {
  return (
    <header className="top-bar">
      <div className="brand">
        <img src="./favicon.svg" alt="" width={20} height={20} />
        <span className="top-bar-extra">MXray</span>
      </div>
      <nav aria-label="Main">
        {pages.map((p) => (
          <a key={p.id} href={`#/${p.id}`} aria-current={p.id === page ? 'page' : undefined}>
            {p.label}
          </a>
        ))}
      </nav>
      <div className="top-bar-status">
        <ModeBadge />
        <ConnectionBadge />
      </div>
    </header>
  );
}
