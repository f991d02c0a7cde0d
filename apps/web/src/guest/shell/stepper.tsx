/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';

type StepperProps = {
  /** Names the group for screen readers ("Quantity of Burger"). */
  label: string;
  value: ComponentChildren;
  less: { label: string; onClick: () => void; disabled?: boolean; symbol?: string };
  more: { label: string; onClick: () => void; disabled?: boolean };
  large?: boolean;
};

/** − value + with 44 px buttons; the value is announced politely when it changes. */
export function Stepper({ label, value, less, more, large = false }: StepperProps) {
  return (
    <div class={`stepper${large ? ' stepper--large' : ''}`} role="group" aria-label={label}>
      <button
        class="stepper__btn"
        type="button"
        aria-label={less.label}
        disabled={less.disabled}
        onClick={less.onClick}
      >
        {less.symbol ?? '−'}
      </button>
      <span class="stepper__value" aria-live="polite">
        {value}
      </span>
      <button
        class="stepper__btn"
        type="button"
        aria-label={more.label}
        disabled={more.disabled}
        onClick={more.onClick}
      >
        +
      </button>
    </div>
  );
}
