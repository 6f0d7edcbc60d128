import { CheckoutConfigurationModel } from '@paysession/checkout-configurations';
import { ContactModel } from '@paysession/contacts';
import { PageType } from './page.model';

// The console shows contacts and checkout configurations exactly as merchants see them.
export const ContactPage = PageType(ContactModel, 'Contact');
export const CheckoutConfigurationPage = PageType(CheckoutConfigurationModel, 'CheckoutConfiguration');
