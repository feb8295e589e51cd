import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

@ObjectType({
  description:
    'Where a connector\'s auto-restart policy stands (setConnectorAutoRestart). A FAILED connector, or a RUNNING one with FAILED ' +
    'tasks, is restarted at once, then after 2, 6, 12, 20, 30, 42, 56 and then every 60 minutes (CONNECT_AUTO_RESTART_UNIT_MS) ' +
    'while it keeps failing, up to maxRestarts; the count returns to 0 once it has run without failing for as long as the next backoff.',
})
export class ConnectorAutoRestart {
  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Int, { description: 'Restarts made since the count was last reset.' })
  count: number;

  @Field(() => Int, { nullable: true, description: 'Restarts allowed before it gives up (then restart it by hand); null: no limit.' })
  maxRestarts: number | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastRestartAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next restart is due; null unless it is failing with restarts left.' })
  nextRestartAt: Date | null;
}
