import { ArgsType, Field, Int, registerEnumType } from '@nestjs/graphql';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '@paysession/common';
import { IsInt, IsOptional, Matches, Max, Min, ValidationOptions } from 'class-validator';
import { adminOnly } from '../admin-schema.module';

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortOrder, { ...adminOnly, name: 'SortOrder' });

/** react-admin's paging: a 1-based page number and a page size. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'From 1 (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  page?: number | null;

  @Field(() => Int, { nullable: true, description: `Rows per page, 1 to ${MAX_PER_PAGE} (default ${DEFAULT_PER_PAGE})` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  perPage?: number | null;
}

/** An object id: 1 to 64 printable ASCII characters; anything else is bad input, not a lookup. */
export function IsId(options?: ValidationOptions) {
  return Matches(/^[\x21-\x7e]{1,64}$/, { message: 'is not a valid id', ...options });
}
