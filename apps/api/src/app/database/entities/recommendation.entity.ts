import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { RecommendationStatus, RecommendationType } from '@huddle/shared-types';

@Entity('recommendation')
export class RecommendationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId!: string;
  @Column('uuid', { name: 'review_id' }) reviewId!: string;
  @Column('uuid', { name: 'episode_id' }) episodeId!: string;
  @Column('text') type!: RecommendationType;
  @Column('text') detail!: string;
  @Column('text', { nullable: true }) medication!: string | null;
  @Column('text', { nullable: true }) dose!: string | null;
  @Column('text') status!: RecommendationStatus;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'status_changed_at' }) statusChangedAt!: Date;
  @Column('uuid', { name: 'status_changed_by', nullable: true }) statusChangedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
