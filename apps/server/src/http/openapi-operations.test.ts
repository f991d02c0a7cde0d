import { describe, expect, it } from 'vitest';
import { operationIdOf } from './openapi-operations.ts';

describe('operationIdOf', () => {
  it('reads the method and the path: literal words, and the last parameter as by<Param>', () => {
    expect(operationIdOf('GET', '/api/v1/admin/items/:id')).toBe('getAdminItemsById');
    expect(operationIdOf('POST', '/api/v1/sessions/:id/payments')).toBe('postSessionsPayments');
    expect(operationIdOf('PATCH', '/api/v1/guest/cart/lines/:lineId')).toBe('patchGuestCartLinesByLineId');
    expect(operationIdOf('POST', '/api/v1/orders/:id/courses/:course/hold')).toBe('postOrdersCoursesHold');
  });

  it('turns kebab-case and file extensions into camelCase words', () => {
    expect(operationIdOf('POST', '/api/v1/admin/tables/:id/rotate-token')).toBe('postAdminTablesRotateToken');
    expect(operationIdOf('GET', '/api/v1/sessions/:id/receipt.pdf')).toBe('getSessionsReceiptPdf');
    expect(operationIdOf('GET', '/api/v1/kitchen/all-day')).toBe('getKitchenAllDay');
  });

  it('reads OpenAPI {param} paths the same as Fastify :param ones', () => {
    expect(operationIdOf('GET', '/api/v1/public/tables/{qrToken}')).toBe(
      operationIdOf('GET', '/api/v1/public/tables/:qrToken'),
    );
  });
});
