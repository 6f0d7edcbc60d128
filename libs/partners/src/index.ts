export * from './partner.entity';
export * from './partners.service';
export * from './partners.module';
export * from './sandbox-partner';
