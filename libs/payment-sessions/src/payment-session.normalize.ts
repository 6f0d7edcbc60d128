import { badInput, formatMinorUnits, maxMinorUnits, toAlpha2, toMinorUnits } from '@paysession/common';
import { GlobalAddressInput, PaymentSessionContactRefInput, PaymentSessionInvoiceRefInput } from './dto/payment-session-refs.input';
import { StoredAddress, StoredContactRef, StoredInvoiceRef } from './payment-session.types';

/**
 * Turns validated input into what is stored: money in minor units of the session's currency
 * (refusing more decimals than it has), country codes as alpha-2. Pure; throws BAD_USER_INPUT
 * with the field path.
 */
export function normalizeContactRef(input: PaymentSessionContactRefInput): StoredContactRef {
  return {
    contactId: input.contactId ?? null,
    contactName: input.contactName ?? null,
    contactFirstName: input.contactFirstName ?? null,
    contactLastName: input.contactLastName ?? null,
    contactEmail: input.contactEmail ?? null,
    contactPhone: input.contactPhone ?? null,
    address: input.address ? normalizeAddress(input.address) : null,
  };
}

function normalizeAddress(input: GlobalAddressInput): StoredAddress {
  return {
    lines: input.lines,
    locality: input.locality ?? null,
    administrativeArea: input.administrativeArea ?? null,
    postalCode: input.postalCode ?? null,
    countryCode: toAlpha2(input.countryCode) as string,
  };
}

/**
 * The invoice references as stored, and their total (`invoiceTotal`). The total is bounded like
 * any Amount (at most 999999999.99): the invoice whose amount takes it over is refused at its
 * `amount`, so that no derived value the API shows is one it would refuse as input.
 */
export function normalizeInvoiceRefs(inputs: PaymentSessionInvoiceRefInput[], currency: string, field: string): { refs: StoredInvoiceRef[]; totalMinor: number | null } {
  let totalMinor: number | null = null;
  const max = maxMinorUnits(currency);
  const refs = inputs.map((ref, i) => {
    const at = `${field}.${i}`;
    const amountMinor = ref.amount === null || ref.amount === undefined ? null : toMinorUnits(ref.amount, currency, `${at}.amount`);
    if (amountMinor !== null) {
      totalMinor = (totalMinor ?? 0) + amountMinor;
      if (totalMinor > max) throw badInput(`${at}.amount`, `The invoices' amounts add up to more than ${formatMinorUnits(max, currency)}, the largest invoiceTotal`);
    }
    return {
      orderId: ref.orderId ?? null,
      invoiceId: ref.invoiceId ?? null,
      invoiceNumber: ref.invoiceNumber ?? null,
      amountMinor,
      lines: ref.lines
        ? ref.lines.map((line, j) => ({
            num: line.num,
            quantity: line.quantity ?? null,
            priceMinor: line.price === null || line.price === undefined ? null : toMinorUnits(line.price, currency, `${at}.lines.${j}.price`),
            productId: line.productId ?? null,
            productSku: line.productSku ?? null,
            productName: line.productName ?? null,
            productDescription: line.productDescription ?? null,
            productImageUrl: line.productImageUrl ?? null,
          }))
        : null,
      billingContact: ref.billingContact ? normalizeContactRef(ref.billingContact) : null,
      shippingContact: ref.shippingContact ? normalizeContactRef(ref.shippingContact) : null,
    };
  });
  return { refs, totalMinor };
}

/**
 * ClientLoop's "you cannot provide both" rules (docs/seeds/clientloop-update-payment-session.txt), on the state
 * a write would leave.
 */
export function checkExclusive(state: { contactId: unknown; contactRef: unknown; invoiceIds: unknown; invoiceRefs: unknown }, input: object, prefix: string): void {
  if (state.contactId && state.contactRef) {
    throw badInput(`${prefix}.${'contactRef' in input && (input as { contactRef?: unknown }).contactRef ? 'contactRef' : 'contactId'}`, 'You cannot provide both a contactId and a contactRef');
  }
  if (state.invoiceIds && state.invoiceRefs) {
    throw badInput(`${prefix}.${'invoiceRefs' in input && (input as { invoiceRefs?: unknown }).invoiceRefs ? 'invoiceRefs' : 'invoiceIds'}`, 'You cannot provide both invoiceIds and invoiceRefs');
  }
}

export function checkFuture(date: Date | null | undefined, field: string, now = new Date()): void {
  if (date && date.getTime() <= now.getTime()) throw badInput(field, `${field.split('.').pop()} must be in the future`);
}
