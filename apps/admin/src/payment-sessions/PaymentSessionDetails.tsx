import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { Detail, Section } from '../common/Detail';
import { HttpsImage } from '../common/HttpsImage';
import { Money } from '../common/Money';
import { RecordName } from '../common/RecordName';
import { DateTime } from '../common/DateTime';
import type { ContactRef, InvoiceRef, PaymentSession } from '../dataProvider';

function addressText(ref: ContactRef): string | null {
  const a = ref.address;
  if (!a) return null;
  return [...a.lines, [a.postalCode, a.locality].filter(Boolean).join(' '), a.administrativeArea, a.countryCode].filter(Boolean).join(', ');
}

export const ContactRefDetails = ({ contact, title }: { contact: ContactRef; title: string }) => (
  <Section title={title}>
    <Detail label="Name">{contact.contactName ?? [contact.contactFirstName, contact.contactLastName].filter(Boolean).join(' ')}</Detail>
    <Detail label="Email">{contact.contactEmail}</Detail>
    <Detail label="Phone">{contact.contactPhone}</Detail>
    <Detail label="Address">{addressText(contact)}</Detail>
    <Detail label="Merchant's contact id">{contact.contactId}</Detail>
  </Section>
);

const InvoiceDetails = ({ invoice, currency, index }: { invoice: InvoiceRef; currency: string; index: number }) => (
  <Box sx={{ mb: 3 }} data-testid="invoice">
    <Section title={`Invoice ${invoice.invoiceNumber ?? invoice.invoiceId ?? index + 1}`}>
      <Detail label="Invoice number">{invoice.invoiceNumber}</Detail>
      <Detail label="Invoice id">{invoice.invoiceId}</Detail>
      <Detail label="Order id">{invoice.orderId}</Detail>
      <Detail label="Amount">{invoice.amount && <Money amount={invoice.amount} currency={currency} />}</Detail>
    </Section>
    {invoice.lines?.length ? (
      <TableContainer>
      <Table size="small" aria-label="Line items" data-testid="line-items">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>Product</TableCell>
            <TableCell>SKU</TableCell>
            <TableCell align="right">Quantity</TableCell>
            <TableCell align="right">Price</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {invoice.lines.map((line) => (
            <TableRow key={line.num}>
              <TableCell>{line.num}</TableCell>
              <TableCell>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <HttpsImage src={line.productImageUrl} alt="" size={32} />
                  <div>
                    <div>{line.productName ?? line.productId ?? '—'}</div>
                    {line.productDescription && (
                      <Typography variant="caption" color="text.secondary">
                        {line.productDescription}
                      </Typography>
                    )}
                  </div>
                </Box>
              </TableCell>
              <TableCell>{line.productSku ?? '—'}</TableCell>
              <TableCell align="right">{line.quantity ?? '—'}</TableCell>
              <TableCell align="right">{line.price ? <Money amount={line.price} currency={currency} /> : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </TableContainer>
    ) : null}
    {invoice.billingContact && <ContactRefDetails contact={invoice.billingContact} title="Billing contact" />}
    {invoice.shippingContact && <ContactRefDetails contact={invoice.shippingContact} title="Shipping contact" />}
  </Box>
);

/** Everything the merchant sent with the session, and its state; merchant text only as React text. */
export const PaymentSessionDetails = ({ session }: { session: PaymentSession }) => (
  <>
    <Section title="Payment" testId="section-payment">
      <Detail label="Amount" testId="session-amount">
        <Money amount={session.amount} currency={session.currency} />
      </Detail>
      <Detail label="Currency">{session.currency}</Detail>
      <Detail label="Organization">
        <RecordName source="orgId" reference="organizations" record={session} testId="session-organization" />
      </Detail>
      <Detail label="Transaction ref" testId="session-transaction-ref">
        {session.transactionRef}
      </Detail>
      <Detail label="Payment id">{session.paymentId}</Detail>
      <Detail label="Invoice total">{session.invoiceTotal && <Money amount={session.invoiceTotal} currency={session.currency} />}</Detail>
      <Detail label="Created">
        <DateTime value={session.createdAt} />
      </Detail>
      <Detail label="Updated">
        <DateTime value={session.updatedAt} />
      </Detail>
      <Detail label="Expires" testId="session-expires">
        {/* Only a session that can still expire has a deadline (the API reads it from the deadline rule). */}
        {session.deadline ? <DateTime value={session.deadline} /> : `— (the session is ${session.status})`}
      </Detail>
    </Section>

    <Section title="Links">
      <Detail label="Customer link">{session.link}</Detail>
      <Detail label="Callback URL">{session.callbackUrl}</Detail>
      <Detail label="Success URL">{session.successUrl}</Detail>
      <Detail label="Checkout configuration">
        <RecordName source="checkoutConfigurationId" reference="checkout-configurations" record={session} testId="session-checkout-configuration" />
      </Detail>
    </Section>

    {session.contactId && (
      <Section title="Contact" testId="section-contact">
        <Detail label="Name" testId="contact-name">
          {session.contact?.name}
        </Detail>
        <Detail label="Email" testId="contact-email">
          {session.contact?.email}
        </Detail>
        <Detail label="Contact page">
          <RecordName source="contactId" reference="contacts" record={session} testId="contact-link" />
        </Detail>
      </Section>
    )}
    {session.contactRef && <ContactRefDetails contact={session.contactRef} title="Contact sent with the session" />}

    {session.invoiceIds?.length ? (
      <Section title="Invoice ids">
        <Detail label="Invoice ids">{session.invoiceIds.join(', ')}</Detail>
      </Section>
    ) : null}
    {session.invoiceRefs?.map((invoice, i) => <InvoiceDetails key={i} invoice={invoice} currency={session.currency} index={i} />)}

    <Section title="Branding">
      <Detail label="Brand name">{session.brandName}</Detail>
      <Detail label="Brand logo">
        {session.brandLogoUrl && (
          <>
            <HttpsImage src={session.brandLogoUrl} alt={`${session.brandName ?? 'Brand'} logo`} />
            <div>{session.brandLogoUrl}</div>
          </>
        )}
      </Detail>
    </Section>

    {(session.pendingReason || session.networkTransactionId || session.authorizationExpiresAt || session.rejection) && (
      <Section title="Payments partner">
        <Detail label="Pending reason">{session.pendingReason}</Detail>
        <Detail label="Pending until">
          <DateTime value={session.pendingExpiresAt} />
        </Detail>
        <Detail label="Network transaction id">{session.networkTransactionId}</Detail>
        <Detail label="Authorization expires">
          <DateTime value={session.authorizationExpiresAt} />
        </Detail>
        <Detail label="Rejection">{session.rejection && [session.rejection.code, session.rejection.source, session.rejection.merchantMessage].filter(Boolean).join(' · ')}</Detail>
      </Section>
    )}
  </>
);
