import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@paysession/config';
import { DatabaseModule } from '@paysession/database';

/** The configuration and the database, and only the domain modules a command asks for. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, modules: (Type<unknown> | DynamicModule)[]): DynamicModule {
    return { module: CliModule, imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot(), ...modules] };
  }
}
