import { ApiProperty } from '@nestjs/swagger';
import { CptCode, NotBillableReason, type BillingWorklist, type BillingWorklistRow } from '@huddle/shared-types';
import { BillingLineDto } from './billing.dto';

export class BillingWorklistRowDto implements BillingWorklistRow {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ nullable: true, type: String }) careManager!: string | null;
  @ApiProperty({ nullable: true, type: String }) billingPcp!: string | null;
  @ApiProperty({ description: 'Countable minutes (consent … discharge, merged, in the month)' }) minutes!: number;
  @ApiProperty() isFirstMonth!: boolean;
  @ApiProperty({ type: BillingLineDto, isArray: true }) lines!: BillingLineDto[];
  @ApiProperty() billable!: boolean;
  @ApiProperty({ enum: Object.values(NotBillableReason), nullable: true }) notBillableReason!: NotBillableReason | null;
  @ApiProperty({ nullable: true, type: String }) notBillableText!: string | null;
}

export class BillingWorklistTotalsDto {
  @ApiProperty() patients!: number;
  @ApiProperty() billablePatients!: number;
  @ApiProperty() minutes!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { [CptCode.CPT_99493]: 12 } })
  units!: Partial<Record<CptCode, number>>;
}

export class BillingWorklistDto implements BillingWorklist {
  @ApiProperty() month!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: BillingWorklistRowDto, isArray: true }) patients!: BillingWorklistRowDto[];
  @ApiProperty({ type: BillingWorklistTotalsDto }) totals!: BillingWorklistTotalsDto;
}
