import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { OffsetPage } from '@paysession/common';
import { adminOnly } from '../admin-schema.module';

/**
 * A page of `T` as the console's lists need it: the rows and a total that is exact up to 10,000
 * (beyond, `total` is 10000 and `totalIsExact` false: "more than 10,000").
 */
export function PageType<T>(node: Type<T>, name: string): Type<OffsetPage<T>> {
  @ObjectType(`${name}Page`, adminOnly)
  class Page {
    @Field(() => [node])
    nodes: T[];

    @Field(() => Int, { description: 'Matches in all pages, at most 10000; see totalIsExact' })
    total: number;

    @Field({ description: 'False when there are more matches than total' })
    totalIsExact: boolean;
  }
  return Page as Type<OffsetPage<T>>;
}
