import { CardContent } from '@mui/material';
import { Show, useRecordContext } from 'react-admin';
import { Detail, Section } from '../common/Detail';
import { HttpsImage } from '../common/HttpsImage';
import { RelatedSessions } from '../common/RelatedSessions';
import { DateTime } from '../common/DateTime';
import type { CheckoutConfiguration } from '../dataProvider';
import { RecordName } from '../common/RecordName';

const ConfigurationPage = () => {
  const config = useRecordContext<CheckoutConfiguration>();
  if (!config) return null;
  return (
    <CardContent>
      <Section title="Checkout configuration">
        <Detail label="Name">{config.name}</Detail>
        <Detail label="Default of its organization">{config.isDefault ? 'Yes' : 'No'}</Detail>
        <Detail label="Organization">
          <RecordName source="orgId" reference="organizations" />
        </Detail>
        <Detail label="Layout">{config.layoutTemplate}</Detail>
        <Detail label="Line item fields">{config.lineItemFields.join(', ')}</Detail>
        <Detail label="Payment methods">{config.paymentMethods.join(', ')}</Detail>
        <Detail label="Default session lifetime">{config.defaultSessionLifetimeSeconds === null ? null : `${config.defaultSessionLifetimeSeconds} s`}</Detail>
        <Detail label="Created">
          <DateTime value={config.createdAt} />
        </Detail>
      </Section>
      <Section title="Branding">
        <Detail label="Brand name">{config.brandName}</Detail>
        <Detail label="Brand logo">
          {config.brandLogoUrl && (
            <>
              <HttpsImage src={config.brandLogoUrl} alt={`${config.brandName ?? 'Brand'} logo`} />
              <div>{config.brandLogoUrl}</div>
            </>
          )}
        </Detail>
      </Section>
      <Section title="Payment sessions">
        <RelatedSessions target="checkoutConfigurationId" />
      </Section>
    </CardContent>
  );
};

const ConfigurationTitle = () => <>Checkout configuration {useRecordContext<CheckoutConfiguration>()?.name ?? ''}</>;

export const CheckoutConfigurationShow = () => (
  <Show title={<ConfigurationTitle />}>
    <ConfigurationPage />
  </Show>
);
