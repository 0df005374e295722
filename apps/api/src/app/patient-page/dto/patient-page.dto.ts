import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PatientPageView } from '@huddle/shared-types';
import { IsOptionalNotNull, IsYearMonth } from '../../common/validation';

/** `GET /api/patients/:id/page?month=YYYY-MM`. */
export class PatientPageQueryDto {
  @ApiPropertyOptional({
    example: '2026-01',
    description: "Billing month (clinic calendar); default the clinic's current month",
  })
  @IsOptionalNotNull()
  @IsYearMonth()
  month?: string;
}

/** Each part as its own route answers it (see those routes for the shapes); null where not readable. */
export class PatientPageViewDto implements Record<keyof PatientPageView, unknown> {
  @ApiProperty({ description: 'As GET /api/patients/:id' }) patient!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/episodes/:id (open episode, else latest)' })
  episode!: unknown;
  @ApiProperty({ isArray: true, description: 'As GET /api/patients/:id/assessments' }) assessments!: unknown;
  @ApiProperty({ isArray: true, description: 'As GET /api/patients/:id/contacts' }) contacts!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/flags' }) flags!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/recommendations' }) recommendations!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/reviews' }) reviews!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/medication-events' })
  medicationEvents!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/medications' }) medications!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/flag-history' }) flagHistory!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/revisions' }) revisions!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/billing?month=' }) billing!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/timeline?limit=50' }) timeline!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/episodes/:id/relapse-prevention-plan' })
  relapsePlan!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/self-report-contact' })
  selfReportContact!: unknown;
  @ApiProperty({ nullable: true, description: 'As GET /api/patients/:id/utilization' }) utilization!: unknown;
}
