import type { ReactNode } from 'react';

interface AlertProps {
  tone: 'fail' | 'warn' | 'ok' | 'info';
  title: string;
  children?: ReactNode;
  action?: { label: string; run(): void };
}

export function Alert({ tone, title, children, action }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'fail' ? 'alert' : 'status'}>
      <div className="alert-body">
        <strong>{title}</strong>
        {children && <div className="alert-detail">{children}</div>}
      </div>
      {action && (
        <button type="button" className="button" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}
