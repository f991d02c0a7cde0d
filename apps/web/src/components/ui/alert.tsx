import type { ReactNode } from 'react';

type AlertProps = {
  tone?: 'error' | 'info';
  title?: string;
  children: ReactNode;
};

/** Errors use role="alert" so screen readers announce them as soon as they appear. */
export function Alert({ tone = 'error', title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
