import { ApiProperty } from '@nestjs/swagger';
import { AuditOutcome, StaffRole, type AuditEvent, type AuditEventPage } from '@huddle/shared-types';

/** OpenAPI shape of {@link AuditEvent}. */
export class AuditEventDto implements AuditEvent {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: Object.values(StaffRole), nullable: true }) actorRole!: StaffRole | null;
  @ApiProperty({ example: 'auth.login' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) resourceType!: string | null;
  @ApiProperty({ type: String, nullable: true }) resourceId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) patientId!: string | null;
  @ApiProperty({ enum: Object.values(AuditOutcome) }) outcome!: AuditOutcome;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

/** OpenAPI shape of {@link AuditEventPage}. */
export class AuditEventPageDto implements AuditEventPage {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
