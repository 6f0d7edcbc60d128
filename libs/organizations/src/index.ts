export * from './organization.entity';
export * from './api-key.entity';
export * from './organizations.service';
export * from './api-keys.service';
export * from './api-key.guard';
export * from './organizations.module';
export * from './organizations-api.module';
export * from './api-key.rate-limiter';
