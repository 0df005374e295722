import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('uuid', { name: 'clinic_id', nullable: true }) clinicId!: string | null;
  @Column('text') action!: string;
  @Column('text', { name: 'resource_type', nullable: true }) resourceType!: string | null;
  @Column('text', { name: 'resource_id', nullable: true }) resourceId!: string | null;
  @Column('uuid', { name: 'patient_id', nullable: true }) patientId!: string | null;
  @Column('text') outcome!: 'success' | 'failure' | 'denied';
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('jsonb') details!: Record<string, unknown>;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash!: string | null;
  @Column('text') hash!: string;
}
