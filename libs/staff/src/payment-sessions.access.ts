import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PaymentSessionEventsService, PaymentSessionStateMachine } from '@paysession/payment-sessions';

/**
 * The payment-session singletons the console needs, found in the running application instead of
 * imported.
 *
 * Why not import PaymentSessionsModule: @nestjs/graphql builds a schema from the resolvers of the
 * modules it `include`s *and of everything those import*, so if the admin API's modules imported
 * PaymentSessionsModule, the merchant resolvers would appear at /admin-api. These are the very
 * instances the merchant API uses (not copies), so the listeners of PaymentSessionEventsService,
 * such as the webhook outbox, see staff changes exactly as they see merchant ones.
 */
@Injectable()
export class PaymentSessionsAccess {
  private machine?: PaymentSessionStateMachine;
  private eventLog?: PaymentSessionEventsService;

  constructor(private readonly moduleRef: ModuleRef) {}

  get stateMachine(): PaymentSessionStateMachine {
    return (this.machine ??= this.find(PaymentSessionStateMachine));
  }

  get events(): PaymentSessionEventsService {
    return (this.eventLog ??= this.find(PaymentSessionEventsService));
  }

  private find<T>(type: Type<T>): T {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      throw new Error(`The staff console needs ${type.name}: import PaymentSessionsModule in the application`);
    }
  }
}
