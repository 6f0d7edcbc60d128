import { formatMinorUnits } from '@paysession/common';

const FALLBACK_LOCALE = 'en-US';

/**
 * The customer's locale from `Accept-Language` (RFC 9110 §12.5.4: the highest `q` first, ties in
 * order): the first tag Intl can format numbers for, else en-US. Malformed tags are skipped.
 */
export function localeFrom(acceptLanguage: string | undefined): string {
  if (!acceptLanguage) return FALLBACK_LOCALE;
  const tags = acceptLanguage
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag && t.tag !== '*' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of tags) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // Not a well-formed language tag: try the next.
    }
  }
  return FALLBACK_LOCALE;
}

/**
 * An amount in integer minor units, formatted for `locale` with the currency's own digits (JPY
 * none): `$100.10`, `100,10 €`, `￥500`. The exact decimal string goes to Intl, never a float.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const decimal = formatMinorUnits(minor, currency);
  const digits = decimal.includes('.') ? decimal.split('.')[1].length : 0;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    decimal as unknown as number,
  );
}

/** "in 23 minutes" (in `locale`), rounded to the largest unit that fits. */
export function relativeTime(target: Date, now: Date, locale: string): string {
  const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** The absolute time in `locale`, in UTC (the page does not know the customer's zone without script). */
export function absoluteTime(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(at);
}
