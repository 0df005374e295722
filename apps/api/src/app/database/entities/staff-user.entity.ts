import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { StaffRole } from '@huddle/shared-types';

@Entity('staff_user')
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('text') email!: string;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text') role!: StaffRole;
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash!: string | null;
  @Column('numeric', { precision: 3, scale: 2 }) fte!: string;
  @Column('boolean') active!: boolean;
  @Column('integer', { name: 'failed_login_count' }) failedLoginCount!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
