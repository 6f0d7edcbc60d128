export * from './sandbox-cards';
export * from './sandbox-payments.module';
