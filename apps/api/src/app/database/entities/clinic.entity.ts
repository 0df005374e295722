import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('clinic')
export class ClinicEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') timezone!: string;
  @Column('jsonb', { name: 'flag_thresholds' }) flagThresholds!: Record<string, unknown>;
  /** Weekly team huddle (issue #17): ISO weekday 1–7 and local start time, both or neither. */
  @Column('smallint', { name: 'huddle_weekday', nullable: true }) huddleWeekday!: number | null;
  @Column('time', { name: 'huddle_time', nullable: true }) huddleTime!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
