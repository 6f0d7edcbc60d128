import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactEntity } from './contact.entity';
import { ContactsService } from './contacts.service';

/** Contacts: entity and service. Resolvers live in ContactsApiModule so that other APIs can import this. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity])],
  providers: [ContactsService],
  exports: [ContactsService],
})
export class ContactsModule {}
