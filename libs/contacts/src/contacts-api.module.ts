import { Module } from '@nestjs/common';
import { ContactsModule } from './contacts.module';
import { ContactsResolver } from './contacts.resolver';

/** The merchant API's contact queries and mutations. */
@Module({ imports: [ContactsModule], providers: [ContactsResolver] })
export class ContactsApiModule {}
