import { Component, type ReactNode } from 'react';

type ChartBoundaryProps = { fallback: ReactNode; children: ReactNode };

/**
 * Keeps the page when the chart cannot be drawn (its chunk failed to load,
 * the canvas refused): the table under it still carries every figure.
 */
export class ChartBoundary extends Component<ChartBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
