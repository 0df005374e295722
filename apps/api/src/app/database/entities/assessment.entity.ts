import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AssessmentSource, InstrumentId } from '@huddle/shared-types';

@Entity('assessment')
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @Column('uuid', { name: 'episode_id', nullable: true }) episodeId!: string | null;
  @Column('text') instrument!: InstrumentId;
  @Column('date', { name: 'administered_on' }) administeredOn!: string;
  @Column('text') source!: AssessmentSource;
  /** Item id → answer (null = not answered), as validated by libs/scoring. */
  @Column('jsonb') answers!: Record<string, number | null>;
  @Column('smallint', { nullable: true }) total!: number | null;
  @Column('text', { nullable: true }) severity!: string | null;
  @Column('boolean', { name: 'positive_screen', nullable: true }) positiveScreen!: boolean | null;
  @Column('boolean') complete!: boolean;
  @Column('boolean', { name: 'safety_risk' }) safetyRisk!: boolean;
  @Column('uuid', { name: 'entered_by', nullable: true }) enteredBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
