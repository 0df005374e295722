import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { ContactModality, ContactType } from '@huddle/shared-types';

@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @Column('uuid', { name: 'episode_id', nullable: true }) episodeId!: string | null;
  @Column('uuid', { name: 'staff_id' }) staffId!: string;
  @Column('text') type!: ContactType;
  @Column('text') modality!: ContactModality;
  @Column('boolean') completed!: boolean;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('integer') minutes!: number;
  @Column('text', { nullable: true }) activity!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @VersionColumn() version!: number;
}
