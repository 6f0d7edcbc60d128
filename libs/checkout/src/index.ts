export * from './checkout.types';
export * from './checkout.service';
export * from './checkout.module';
export * from './checkout-format';
export * from './checkout.headers';
