export * from './link-email.entity';
export * from './link-email.message';
export * from './link-emails.service';
export * from './link-mail.module';
export * from './mail-transport';
