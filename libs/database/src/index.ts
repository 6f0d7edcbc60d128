export * from './database.module';
export * from './database-options';
export * from './transactions.service';
export * from './migrate';
export * from './migrations/columns';
export * from './errors';
export * from './locks';
export * from './rate-limiters';
