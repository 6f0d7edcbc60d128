import * as currencyCodes from 'currency-codes';
import { badInput } from './errors/domain.error';

/**
 * ISO 4217 entries that are not money a customer pays with: precious metals, IMF units, fund
 * and settlement codes, and the testing/no-currency codes.
 */
const NOT_PAYABLE = new Set([
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW',
]);

/** Largest amount accepted anywhere (docs/CONTRACT.md, Scalars: Amount). */
export const MAX_AMOUNT = '999999999.99';

export interface CurrencyInfo {
  code: string;
  /** ISO 4217 minor-unit exponent: the stored integer is `amount * 10^minorDigits`. */
  minorDigits: number;
  /** Decimals accepted and shown: the currency's own, but never more than 2. */
  displayDigits: number;
}

const currencies = new Map<string, CurrencyInfo>();
for (const code of currencyCodes.codes()) {
  if (NOT_PAYABLE.has(code)) continue;
  const digits = currencyCodes.code(code)?.digits ?? 2;
  currencies.set(code, { code, minorDigits: digits, displayDigits: Math.min(digits, 2) });
}

export function isCurrencyCode(code: string): boolean {
  return currencies.has(code);
}

export function currencyInfo(code: string): CurrencyInfo {
  const info = currencies.get(code);
  if (!info) throw new Error(`unknown currency ${code}`);
  return info;
}

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Checks the shape every Amount must have, whatever the currency: a positive decimal with at
 * most 2 decimals and at most 999999999.99. Returns a problem, or null when it is fine.
 */
export function amountShapeProblem(text: string): string | null {
  if (/^-/.test(text)) return 'must be greater than 0';
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return 'must be a decimal number such as 100.10';
  if ((m[2] ?? '').length > 2) return 'must have at most 2 decimal places';
  if (!DECIMAL.test(text)) return `must be at most ${MAX_AMOUNT}`;
  if (/^0+(\.0+)?$/.test(text)) return 'must be greater than 0';
  return null;
}

/**
 * Converts a decimal amount (already shape-checked by the Amount scalar) to integer minor units
 * of `currency`, refusing more decimals than the currency has. Never goes through a float.
 */
export function toMinorUnits(decimal: string, currency: string, field: string): number {
  const problem = amountShapeProblem(decimal);
  if (problem) throw badInput(field, `Amount ${problem}`);
  const { minorDigits, displayDigits } = currencyInfo(currency);
  const [whole, fraction = ''] = decimal.split('.');
  if (fraction.replace(/0+$/, '').length > displayDigits) {
    throw badInput(field, displayDigits === 0 ? `${currency} amounts cannot have decimals` : `${currency} amounts have at most ${displayDigits} decimal places`);
  }
  const padded = fraction.padEnd(minorDigits, '0').slice(0, minorDigits);
  return Number(whole) * 10 ** minorDigits + (padded ? Number(padded) : 0);
}

/** Formats integer minor units as the decimal string merchants see: `"100.10"`, JPY `"500"`. */
export function formatMinorUnits(minor: number, currency: string): string {
  const { minorDigits, displayDigits } = currencyInfo(currency);
  const digits = String(minor).padStart(minorDigits + 1, '0');
  const whole = minorDigits ? digits.slice(0, -minorDigits) : digits;
  const fraction = minorDigits ? digits.slice(-minorDigits, digits.length - (minorDigits - displayDigits)) : '';
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The largest amount of `currency` accepted, in its minor units (999999999.99, or 999999999 without decimals). */
export function maxMinorUnits(currency: string): number {
  const { minorDigits, displayDigits } = currencyInfo(currency);
  const fraction = '99'.slice(0, displayDigits).padEnd(minorDigits, '0');
  return 999_999_999 * 10 ** minorDigits + (fraction ? Number(fraction) : 0);
}

/**
 * Re-expresses a stored amount of `from` in `to` (a currency change keeps the figures: 10.50 USD
 * becomes 10.50 EUR). Stored amounts are not input: they are not checked against the input
 * rules again, and only a value the new currency cannot hold (decimals it does not have) is
 * refused, as BAD_USER_INPUT at `field` (the input that asked for the change).
 */
export function convertMinorUnits(minor: number, from: string, to: string, field: string): number {
  const a = currencyInfo(from);
  const b = currencyInfo(to);
  const shift = b.minorDigits - a.minorDigits;
  if (shift >= 0) {
    const converted = minor * 10 ** shift;
    if (b.displayDigits < b.minorDigits && converted % 10 ** (b.minorDigits - b.displayDigits) !== 0) throw decimalsRefused(to, b, field);
    return converted;
  }
  const divisor = 10 ** -shift;
  if (minor % divisor !== 0) throw decimalsRefused(to, b, field);
  return minor / divisor;
}

function decimalsRefused(currency: string, info: CurrencyInfo, field: string) {
  return badInput(field, info.displayDigits === 0 ? `${currency} amounts cannot have decimals` : `${currency} amounts have at most ${info.displayDigits} decimal places`);
}

/** Orders two non-negative decimal strings of one currency as shown (`"100.10"`, `"5"`): < 0, 0, > 0. No validation, no floats. */
export function compareDecimals(a: string, b: string): number {
  const [aw, af = ''] = a.split('.');
  const [bw, bf = ''] = b.split('.');
  const width = Math.max(af.length, bf.length);
  const x = BigInt(aw + af.padEnd(width, '0'));
  const y = BigInt(bw + bf.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
