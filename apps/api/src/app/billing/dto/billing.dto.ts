import { ApiProperty } from '@nestjs/swagger';
import {
  CptCode,
  type BillingLine,
  type MonthlyBillingReport,
  type MonthlyBillingRow,
  type NextBillingThreshold,
  type PatientMonthlyBilling,
} from '@huddle/shared-types';
import { IsYearMonth } from '../../common/validation';

const CODES = Object.values(CptCode);

export class MonthQueryDto {
  @ApiProperty({ example: '2026-01', description: 'Calendar month in the clinic time zone' })
  @IsYearMonth()
  month!: string;
}

export class BillingLineDto implements BillingLine {
  @ApiProperty({ enum: CODES }) code!: CptCode;
  @ApiProperty() units!: number;
}

export class NextBillingThresholdDto implements NextBillingThreshold {
  @ApiProperty({ enum: CODES }) code!: CptCode;
  @ApiProperty() atMinutes!: number;
  @ApiProperty() minutesNeeded!: number;
}

export class PatientMonthlyBillingDto implements PatientMonthlyBilling {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty() month!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ description: 'Merged minutes inside the episode and the month' }) countableMinutes!: number;
  @ApiProperty({ description: 'Minutes logged on the episode that touch the month, before clipping and merging' })
  loggedMinutes!: number;
  @ApiProperty() isFirstMonth!: boolean;
  @ApiProperty() withinEpisode!: boolean;
  @ApiProperty() baseMinutes!: number;
  @ApiProperty({ type: BillingLineDto, isArray: true }) lines!: BillingLineDto[];
  @ApiProperty({ enum: CODES, isArray: true }) eligibleCodes!: CptCode[];
  @ApiProperty({ type: NextBillingThresholdDto, nullable: true }) nextThreshold!: NextBillingThresholdDto | null;
}

export class MonthlyBillingRowDto implements MonthlyBillingRow {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) careManagerId!: string | null;
  @ApiProperty() countableMinutes!: number;
  @ApiProperty() isFirstMonth!: boolean;
  @ApiProperty({ type: BillingLineDto, isArray: true }) lines!: BillingLineDto[];
  @ApiProperty({ enum: CODES, isArray: true }) eligibleCodes!: CptCode[];
  @ApiProperty({ type: NextBillingThresholdDto, nullable: true }) nextThreshold!: NextBillingThresholdDto | null;
}

export class MonthlyBillingTotalsDto {
  @ApiProperty() patients!: number;
  @ApiProperty() billablePatients!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { '99493': 12, '99494': 3 } })
  units!: Partial<Record<CptCode, number>>;
}

export class MonthlyBillingReportDto implements MonthlyBillingReport {
  @ApiProperty() month!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: MonthlyBillingRowDto, isArray: true }) patients!: MonthlyBillingRowDto[];
  @ApiProperty({ type: MonthlyBillingTotalsDto }) totals!: MonthlyBillingTotalsDto;
}
