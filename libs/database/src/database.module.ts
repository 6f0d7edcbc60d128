import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { databaseOptions } from './database-options';
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
          useFactory: (config: AppConfig) => ({ ...databaseOptions(config), autoLoadEntities: true }),
        }),
      ],
      providers: [Transactions],
      exports: [Transactions],
    };
  }
}
