import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, parseMoney } from './money';

describe('money', () => {
  it("writes minor units in the restaurant's currency as the reader's locale writes money", () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(1250, 'EUR', 'es')).toBe('12,50\u00a0€');
    expect(formatMoney(1250, 'JPY', 'en')).toBe('¥1,250');
    expect(formatMoney(1250, 'KWD', 'en')).toBe('KWD\u00a01.250');
    expect(formatMoney(123456, 'INR', 'hi')).toBe('₹1,234.56');
  });

  it('knows how many minor units each currency has', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it("reads a currency's minor units off whichever formatter came first, in any locale", () => {
    // Currencies no other test touched, first formatted in Hindi and Spanish: the digits are ISO 4217's all the same.
    expect(formatMoney(1250, 'BHD', 'hi')).toContain('1.250');
    expect(minorDigits('BHD')).toBe(3);
    expect(formatMoney(1250, 'CLP', 'es')).toContain('1250');
    expect(minorDigits('CLP')).toBe(0);
  });

  it('reads a typed amount back to minor units, with a dot or a comma, and refuses what is not one', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1250);
    expect(parseMoney(' 12,50 ', 'EUR')).toBe(1250);
    expect(parseMoney('7', 'EUR')).toBe(700);
    expect(parseMoney('1250', 'JPY')).toBe(1250);
    expect(parseMoney('1.250', 'KWD')).toBe(1250);
    for (const bad of ['', 'abc', '12.555', '-3', '1e3', '12.']) expect(parseMoney(bad, 'EUR')).toBeNaN();
    expect(parseMoney('12.5', 'JPY')).toBeNaN();
  });
});
