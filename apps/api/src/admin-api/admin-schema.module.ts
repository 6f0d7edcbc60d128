import { Module } from '@nestjs/common';
import { AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar } from '@paysession/common';

/**
 * The admin schema's own module. It provides the scalars (a schema only gets the scalars of its
 * included modules), and every admin-only GraphQL type registers in it (`adminOnly`), so that the
 * merchant schema, built in the same process from the same type storage, leaves them out.
 */
@Module({ providers: [AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar] })
export class AdminSchemaModule {}

/** Spread into the options of every admin-only @ObjectType, @InputType and registerEnumType. */
export const adminOnly = { registerIn: AdminSchemaModule } as const;
