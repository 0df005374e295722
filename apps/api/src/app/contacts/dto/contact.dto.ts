import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ContactModality, ContactType, type ContactRecord, type CreateContactRequest } from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { IsIsoInstant, IsOptionalNotNull, IsOptionalOrNull, Trim } from '../../common/validation';

const TYPES = Object.values(ContactType);
const MODALITIES = Object.values(ContactModality);
/** Matches the `contact.minutes` CHECK (0–600). */
export const MAX_CONTACT_MINUTES = 600;

const isType = (): PropertyDecorator => IsIn(TYPES, { message: `type must be one of ${TYPES.join(', ')}` });
const isModality = (): PropertyDecorator =>
  IsIn(MODALITIES, { message: `modality must be one of ${MODALITIES.join(', ')}` });
const isMinutes = (): PropertyDecorator =>
  applyDecorators(IsInt({ message: 'minutes must be a whole number' }), Min(0), Max(MAX_CONTACT_MINUTES));
const isText = (max: number): PropertyDecorator => applyDecorators(Trim(), IsString(), MaxLength(max));

export class ContactRecordDto implements ContactRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty({ type: StaffRefDto }) staff!: StaffRefDto;
  @ApiProperty({ enum: TYPES }) type!: ContactType;
  @ApiProperty({ enum: MODALITIES }) modality!: ContactModality;
  @ApiProperty({ description: 'false = attempted, the patient was not reached' }) completed!: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() minutes!: number;
  @ApiProperty({ nullable: true, type: String }) activity!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

export class CreateContactDto implements CreateContactRequest {
  @ApiProperty({ enum: TYPES })
  @isType()
  type!: ContactType;

  @ApiProperty({ enum: MODALITIES })
  @isModality()
  modality!: ContactModality;

  @ApiPropertyOptional({ default: true, description: 'false = attempted only (outreach attempts must be false)' })
  @IsOptionalNotNull()
  @IsBoolean()
  completed?: boolean;

  @ApiProperty({
    format: 'date-time',
    example: '2026-01-31T14:30:00-05:00',
    description: 'With an offset; not in the future',
  })
  @IsIsoInstant()
  startedAt!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_CONTACT_MINUTES, description: 'Care-manager time spent (billing)' })
  @isMinutes()
  minutes!: number;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Follow-up, behavioural activation' })
  @IsOptionalOrNull()
  @isText(200)
  activity?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptionalOrNull()
  @isText(4000)
  note?: string | null;
}

export class UpdateContactDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ enum: TYPES })
  @IsOptionalNotNull()
  @isType()
  type?: ContactType;

  @ApiPropertyOptional({ enum: MODALITIES })
  @IsOptionalNotNull()
  @isModality()
  modality?: ContactModality;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  completed?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptionalNotNull()
  @IsIsoInstant()
  startedAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CONTACT_MINUTES })
  @IsOptionalNotNull()
  @isMinutes()
  minutes?: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptionalOrNull()
  @isText(200)
  activity?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptionalOrNull()
  @isText(4000)
  note?: string | null;
}
