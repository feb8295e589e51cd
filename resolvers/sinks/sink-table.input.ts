import { Field, InputType, registerEnumType } from 'type-graphql';

export enum SinkOrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SinkOrderDirection, { name: 'SinkOrderDirection', description: 'NULLs sort last in ASC and first in DESC.' });

@InputType({ description: 'One sort column of sinkTableRows; the primary key is appended as tie-break.' })
export class SinkRowsOrderByInput {
  @Field(() => String, { description: 'A column of the table (see sinkTables); unknown columns answer BAD_USER_INPUT.' })
  column: string;

  @Field(() => SinkOrderDirection, { nullable: true, defaultValue: SinkOrderDirection.ASC })
  direction?: SinkOrderDirection;
}
