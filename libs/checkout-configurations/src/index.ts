export * from './brand';
export * from './checkout-configuration.types';
export * from './checkout-configuration.entity';
export * from './checkout-configuration.mapper';
export * from './models/checkout-configuration.model';
export * from './checkout-configurations.service';
export * from './checkout-configurations.module';
export * from './checkout-configurations-api.module';
