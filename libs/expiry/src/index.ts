export * from './expiry-sweep.service';
export * from './expiry.cron';
export * from './expiry.module';
