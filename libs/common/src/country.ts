import * as countries from 'i18n-iso-countries';

/**
 * The ClientLoop seed (docs/seeds/clientloop-update-payment-session.txt) documents `countryCode` as 2-letter but
 * shows `USA`: accept ISO 3166-1 alpha-2 or
 * alpha-3 (any case) and return alpha-2, or null when it is neither.
 */
export function toAlpha2(code: string): string | null {
  if (!/^[A-Za-z]{2,3}$/.test(code)) return null;
  const upper = code.toUpperCase();
  if (!countries.isValid(upper)) return null;
  return upper.length === 2 ? upper : (countries.alpha3ToAlpha2(upper) ?? null);
}
