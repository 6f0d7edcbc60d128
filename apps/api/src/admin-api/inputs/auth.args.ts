import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  // Longer than any password we accept; the bound only keeps absurd bodies away from argon2.
  @Field()
  @IsString()
  @MaxLength(1024)
  password: string;
}
