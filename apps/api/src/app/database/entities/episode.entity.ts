import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { EpisodeStatus } from '@huddle/shared-types';

@Entity('episode')
export class EpisodeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @Column('text') status!: EpisodeStatus;
  @Column('date', { name: 'referred_on' }) referredOn!: string;
  @Column('date', { name: 'consent_on', nullable: true }) consentOn!: string | null;
  @Column('date', { name: 'enrolled_on', nullable: true }) enrolledOn!: string | null;
  @Column('date', { name: 'activated_on', nullable: true }) activatedOn!: string | null;
  @Column('date', { name: 'relapse_prevention_on', nullable: true }) relapsePreventionOn!: string | null;
  @Column('date', { name: 'discharged_on', nullable: true }) dischargedOn!: string | null;
  @Column('text', { name: 'discharge_reason', nullable: true }) dischargeReason!: string | null;
  @Column('uuid', { name: 'care_manager_id', nullable: true }) careManagerId!: string | null;
  @Column('uuid', { name: 'consultant_id', nullable: true }) consultantId!: string | null;
  @Column('uuid', { name: 'billing_pcp_id', nullable: true }) billingPcpId!: string | null;
  @Column('text', { array: true }) diagnoses!: string[];
  @Column('timestamptz', { name: 'review_requested_at', nullable: true }) reviewRequestedAt!: Date | null;
  @Column('text', { name: 'review_request_note', nullable: true }) reviewRequestNote!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
