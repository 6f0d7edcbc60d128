import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { databaseOptions } from './database-options';
import { DatabaseProbe } from './database.probe';
import { isTransientConnectionError } from './errors';
import { RateLimiters } from './rate-limiters';
import { Transactions } from './transactions.service';

/** The one database connection (pool) of an instance; entities register with forFeature. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          // Start-up has checked the database already (checkDatabase); should it go away in the
          // meantime, only failures that may pass are retried, and quietly failing ones are not.
          useFactory: (config: AppConfig) => ({ ...databaseOptions(config), autoLoadEntities: true, toRetry: isTransientConnectionError }),
        }),
      ],
      providers: [Transactions, RateLimiters, DatabaseProbe],
      exports: [Transactions, RateLimiters, DatabaseProbe],
    };
  }
}
