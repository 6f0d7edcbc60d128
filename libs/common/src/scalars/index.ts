export * from './amount.scalar';
export * from './currency.scalar';
export * from './date-time.scalar';
export * from './url.scalar';
export * from './email.scalar';
export * from './phone.scalar';
