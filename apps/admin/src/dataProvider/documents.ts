/** The GraphQL documents the console sends (admin-schema.gql). */

const PAGE = 'total totalIsExact';

const CONTACT_REF = 'contactId contactName contactFirstName contactLastName contactEmail contactPhone address { lines locality administrativeArea postalCode countryCode }';

const SESSION_ROW = `id orgId organization { id name } status amount currency transactionRef createdAt updatedAt expirationDate deadline canCancel
  contact { id name email } contactRef { ${CONTACT_REF} }`;

const WEBHOOK_DELIVERY = 'id eventId url status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt createdAt canRedeliver payload attempts { id attemptedAt statusCode error durationMs responseExcerpt }';
const WEBHOOK_DELIVERY_FIELDS = `webhookDeliveries { ${WEBHOOK_DELIVERY} }`;

const SESSION_DETAIL = `${SESSION_ROW}
  link callbackUrl successUrl contactId invoiceIds invoiceTotal paymentId checkoutConfigurationId
  invoiceRefs {
    orderId invoiceId invoiceNumber amount
    lines { num quantity price productId productSku productName productDescription productImageUrl }
    billingContact { ${CONTACT_REF} }
    shippingContact { ${CONTACT_REF} }
  }
  brandName brandLogoUrl pendingExpiresAt pendingReason networkTransactionId authorizationExpiresAt
  rejection { code merchantMessage source }
  events { id type occurredAt actor by { kind id name keyPrefix } fromStatus status reason changes }
  ${WEBHOOK_DELIVERY_FIELDS}`;

const ORGANIZATION = 'id name createdAt updatedAt';
const CONTACT = 'id orgId name givenName familyName email phone createdAt updatedAt';
const CHECKOUT_CONFIGURATION = 'id orgId name isDefault layoutTemplate lineItemFields paymentMethods defaultSessionLifetimeSeconds brandName brandLogoUrl createdAt updatedAt';

const OVERVIEW_BUCKET = 'start created completed expired canceled rejected';

export const DOCUMENTS = {
  paymentSessions: `query($filter: AdminPaymentSessionFilter, $sort: AdminPaymentSessionSort, $page: Int, $perPage: Int) {
    page: paymentSessions(filter: $filter, sort: $sort, page: $page, perPage: $perPage) { ${PAGE} nodes { ${SESSION_ROW} } }
  }`,
  paymentSession: `query($id: ID!) { record: paymentSession(id: $id) { ${SESSION_DETAIL} } }`,
  organizations: `query($filter: OrganizationFilter, $page: Int, $perPage: Int) {
    page: organizations(filter: $filter, page: $page, perPage: $perPage) { ${PAGE} nodes { ${ORGANIZATION} } }
  }`,
  organization: `query($id: ID!) { record: organization(id: $id) { ${ORGANIZATION} } }`,
  contacts: `query($filter: ContactFilter, $page: Int, $perPage: Int) {
    page: contacts(filter: $filter, page: $page, perPage: $perPage) { ${PAGE} nodes { ${CONTACT} } }
  }`,
  contact: `query($id: ID!) { record: contact(id: $id) { ${CONTACT} } }`,
  checkoutConfigurations: `query($filter: CheckoutConfigurationFilter, $page: Int, $perPage: Int) {
    page: checkoutConfigurations(filter: $filter, page: $page, perPage: $perPage) { ${PAGE} nodes { ${CHECKOUT_CONFIGURATION} } }
  }`,
  checkoutConfiguration: `query($id: ID!) { record: checkoutConfiguration(id: $id) { ${CHECKOUT_CONFIGURATION} } }`,
  cancelPaymentSession: `mutation($id: ID!, $reason: String!) { cancelPaymentSession(id: $id, reason: $reason) { ${SESSION_ROW} } }`,
  redeliverWebhook: `mutation($id: ID!) { redeliverWebhook(id: $id) { ${WEBHOOK_DELIVERY} } }`,
  cancelPaymentSessions: `mutation($ids: [ID!]!, $reason: String!) { cancelPaymentSessions(ids: $ids, reason: $reason) { id canceled code message } }`,
  login: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id email role } }`,
  logout: 'mutation { logout }',
  me: '{ me { id email role } }',
  overviewActivity: `query($orgId: ID, $from: DateTime!, $until: DateTime!, $utcOffsetMinutes: Int) {
    overviewActivity(orgId: $orgId, from: $from, until: $until, utcOffsetMinutes: $utcOffsetMinutes) {
      from until completionRate rolledUpUntil hourly { ${OVERVIEW_BUCKET} } daily { ${OVERVIEW_BUCKET} } totals { ${OVERVIEW_BUCKET} }
    }
  }`,
  overviewNow: `query($orgId: ID) {
    overviewNow(orgId: $orgId) {
      at
      pending { count oldest { id orgId createdAt pendingExpiresAt } }
      webhooks { retrying failed failedIsExact oldestDue { id sessionId orgId dueAt attemptCount } }
      expirySweep { status overdue exact oldestDeadline behindSeconds }
    }
  }`,
} as const;
