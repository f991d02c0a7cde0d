import { describe, expect, it } from 'vitest';
import { deriveOrderStatus } from './order-status.ts';

describe('deriveOrderStatus', () => {
  it('approval decides first', () => {
    expect(deriveOrderStatus('PENDING', ['NEW'])).toBe('PENDING');
    expect(deriveOrderStatus('REJECTED', ['CANCELLED'])).toBe('REJECTED');
  });

  it.each([
    [['NEW', 'NEW'], 'NEW'],
    [['NEW', 'CANCELLED'], 'NEW'],
    [['NEW', 'IN_PROGRESS'], 'IN_PROGRESS'],
    [['NEW', 'READY'], 'IN_PROGRESS'],
    [['NEW', 'SERVED'], 'IN_PROGRESS'],
    [['READY', 'IN_PROGRESS'], 'IN_PROGRESS'],
    [['READY', 'SERVED'], 'READY'],
    [['READY', 'CANCELLED'], 'READY'],
    [['SERVED', 'CANCELLED'], 'SERVED'],
    [['SERVED'], 'SERVED'],
    [['CANCELLED', 'CANCELLED'], 'CANCELLED'],
  ] as const)('lines %j → %s', (lines, status) => {
    expect(deriveOrderStatus('NOT_REQUIRED', lines)).toBe(status);
    expect(deriveOrderStatus('ACCEPTED', lines)).toBe(status);
  });
});
