import { formatMoney } from './format';

/** An amount with its currency, e.g. "$100.10" or "¥500". */
export const Money = ({ amount, currency }: { amount: string | null | undefined; currency: string }) => (
  <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(amount, currency)}</span>
);
