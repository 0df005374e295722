import type { AdministrativeGender } from '@huddle/shared-types';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('patient')
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('text') mrn!: string;
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text', { name: 'preferred_language' }) preferredLanguage!: string;
  @Column('text', { nullable: true }) payer!: string | null;
  /** FHIR administrative gender (migration 1764000019000): selects sex-specific cut-offs (AUDIT-C). */
  @Column('text', { nullable: true }) gender!: AdministrativeGender | null;
  @Column('uuid', { name: 'pcp_id', nullable: true }) pcpId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
