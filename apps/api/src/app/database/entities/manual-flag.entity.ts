import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity('manual_flag')
export class ManualFlagEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @Column('uuid', { name: 'episode_id', nullable: true }) episodeId!: string | null;
  @Column('text') code!: 'DISCUSS_WITH_CONSULTANT' | 'SAFETY_CONCERN';
  @Column('text', { nullable: true }) note!: string | null;
  @Column('uuid', { name: 'raised_by' }) raisedBy!: string;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt!: Date;
  @Column('uuid', { name: 'resolved_by', nullable: true }) resolvedBy!: string | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('text', { name: 'resolution_note', nullable: true }) resolutionNote!: string | null;
  @VersionColumn() version!: number;
}
