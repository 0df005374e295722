import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('consultant_review')
export class ConsultantReviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @Column('uuid', { name: 'episode_id' }) episodeId!: string;
  @Column('uuid', { name: 'consultant_id' }) consultantId!: string;
  @Column('timestamptz', { name: 'reviewed_at' }) reviewedAt!: Date;
  /** Monday of the review week (clinic time zone). */
  @Column('date', { name: 'week_of' }) weekOf!: string;
  @Column('text', { nullable: true }) summary!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
