import type { PaymentSession } from '../dataProvider';

/**
 * Who is paying, as the merchant named them: the attached contact's name and email, else the
 * contact sent inline with the session (contactRef). Null when the merchant gave neither.
 */
export function customerOf(session: Pick<PaymentSession, 'contact' | 'contactRef'>): { name: string | null; email: string | null } | null {
  if (session.contact) return { name: session.contact.name || null, email: session.contact.email };
  const ref = session.contactRef;
  if (!ref) return null;
  const name = ref.contactName || [ref.contactFirstName, ref.contactLastName].filter(Boolean).join(' ') || null;
  if (!name && !ref.contactEmail) return null;
  return { name, email: ref.contactEmail };
}

/** One line for a cell: the name, else the email. */
export function customerLabel(session: Pick<PaymentSession, 'contact' | 'contactRef'>): string | null {
  const customer = customerOf(session);
  return customer ? (customer.name ?? customer.email) : null;
}
