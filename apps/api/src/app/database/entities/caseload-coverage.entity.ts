import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('caseload_coverage')
export class CaseloadCoverageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'covering_staff_id' }) coveringStaffId!: string;
  @Column('uuid', { name: 'covered_staff_id' }) coveredStaffId!: string;
  @Column('date', { name: 'starts_on' }) startsOn!: string;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
