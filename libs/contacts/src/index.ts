export * from './contact.entity';
export * from './contact.mapper';
export * from './models/contact.model';
export * from './contacts.service';
export * from './contacts.module';
export * from './contacts-api.module';
