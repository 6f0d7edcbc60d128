import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { ContactsModule } from '@paysession/contacts';
import { OrganizationsModule } from '@paysession/organizations';
import { PaymentSessionsModule } from '@paysession/payment-sessions';
import { LinkEmailEntity } from './link-email.entity';
import { LinkEmailsResolver } from './link-emails.resolver';
import { LinkEmailsService } from './link-emails.service';
import { MailTransport } from './mail-transport';

/** Emailing a payment session's link to its contact: the merchant mutation, its service, the mail transport. */
@Module({
  imports: [TypeOrmModule.forFeature([LinkEmailEntity]), PaymentSessionsModule, ContactsModule, CheckoutConfigurationsModule, OrganizationsModule],
  providers: [MailTransport, LinkEmailsService, LinkEmailsResolver],
  exports: [LinkEmailsService, MailTransport],
})
export class LinkMailModule {}
