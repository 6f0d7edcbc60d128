import { bigintNumber } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one row (id 1) that sequencers lock while they hand out stream positions, and the last one handed out. */
@Entity('event_stream_sequencer')
export class EventStreamSequencerEntity {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ name: 'last_position', type: 'bigint', transformer: bigintNumber })
  lastPosition: number;
}
