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
