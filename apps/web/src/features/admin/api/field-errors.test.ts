import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { auditParams } from './audit-api';
import { fieldErrors } from './field-errors';

const refusal = (errors: Array<{ path: string; message: string }>) =>
  new ApiError({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'refused',
    code: 'VALIDATION_FAILED',
    errors,
  });

describe('fieldErrors', () => {
  it("puts each of a 400's problems under the body field it names, the first one winning", () => {
    const error = refusal([
      { path: 'body.taxRateBps', message: 'too big' },
      { path: 'body.tipPresetsPercent.0', message: 'too small' },
      { path: 'body.tipPresetsPercent.1', message: 'too small again' },
    ]);
    expect(fieldErrors(error)).toEqual({ taxRateBps: 'too big', tipPresetsPercent: 'too small' });
  });

  it('names no field for a problem with the whole body, or for anything that is not a 400 with field problems', () => {
    expect(fieldErrors(refusal([{ path: 'body', message: 'unknown field' }]))).toEqual({});
    expect(fieldErrors(new TypeError('offline'))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe('auditParams', () => {
  it('leaves out empty filters and turns the days into the start of one and the end of the other', () => {
    const params = auditParams({
      actor: '',
      action: 'staff.login',
      entity: 'table',
      from: '2026-12-01',
      to: '2026-12-02',
    });
    expect(params.get('actor')).toBeNull();
    expect(params.get('action')).toBe('staff.login');
    expect(params.get('entityType')).toBe('table');
    expect(new Date(params.get('from')!).getTime()).toBe(new Date('2026-12-01T00:00:00').getTime());
    expect(new Date(params.get('to')!).getTime()).toBe(new Date('2026-12-03T00:00:00').getTime());
  });
});
