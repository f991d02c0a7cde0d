export function Brand() {
  return (
    <span className="brand">
      <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="16" cy="16" r="14" fill="currentColor" />
        <circle cx="16" cy="16" r="8" fill="none" stroke="var(--color-surface)" strokeWidth="2.5" />
      </svg>
      Plato
    </span>
  );
}
