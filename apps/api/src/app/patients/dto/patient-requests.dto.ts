import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoDate, IsOptionalNotNull, IsOptionalOrNull, Trim } from '../../common/validation';
import { AdministrativeGender, type CreatePatientRequest } from '@huddle/shared-types';
import { INPUT_LIMITS } from '../../common/input-safety';

const MRN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const GENDERS = Object.values(AdministrativeGender);
const GENDER_MESSAGE = `gender must be one of ${GENDERS.join(', ')} (or null: not recorded)`;

// The value rules of the fields that registering and editing a patient share; whether a field must be
// present is each request's own (required on create, optional on update).
const MrnRules = (): PropertyDecorator =>
  applyDecorators(
    Trim(),
    IsString(),
    MaxLength(64),
    Matches(MRN, { message: 'mrn must be letters and digits, optionally with . _ / -' }),
  );
const NameRules = (): PropertyDecorator => applyDecorators(Trim(), IsString(), MinLength(1), MaxLength(100));
const LanguageRules = (): PropertyDecorator =>
  Matches(LANGUAGE, { message: 'preferredLanguage must be a language tag such as en, es or pt-BR' });
/** Optional on both: null means "not recorded". */
const GenderField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      enum: GENDERS,
      nullable: true,
      description: 'Recorded sex (FHIR administrative gender); selects sex-specific cut-offs (AUDIT-C)',
    }),
    IsOptionalOrNull(),
    IsIn(GENDERS, { message: GENDER_MESSAGE }),
  );
const PayerField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, type: String }),
    IsOptionalOrNull(),
    Trim(),
    IsString(),
    MaxLength(100),
  );
const PcpIdRules = (): PropertyDecorator =>
  applyDecorators(IsOptionalOrNull(), IsUUID('all', { message: 'pcpId must be a UUID' }));

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty({ example: 'MRN-000123', description: 'Unique within the clinic' })
  @MrnRules()
  mrn!: string;

  @ApiProperty()
  @NameRules()
  givenName!: string;

  @ApiProperty()
  @NameRules()
  familyName!: string;

  @ApiProperty({ format: 'date', description: 'In the past' })
  @IsIsoDate()
  birthDate!: string;

  @ApiPropertyOptional({ example: 'es', description: 'BCP 47 language tag (default en)' })
  @IsOptionalNotNull()
  @LanguageRules()
  preferredLanguage?: string;

  @GenderField()
  gender?: AdministrativeGender | null;

  @PayerField()
  payer?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'An active PCP of the clinic' })
  @PcpIdRules()
  pcpId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'First episode; default: the caller',
  })
  @IsOptionalOrNull()
  @IsUUID('all', { message: 'careManagerId must be a UUID' })
  careManagerId?: string | null;

  @ApiPropertyOptional({ format: 'date', description: 'Referral date of the first episode (default today)' })
  @IsOptionalNotNull()
  @IsIsoDate()
  referredOn?: string;
}

export class UpdatePatientDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @MrnRules()
  mrn?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @NameRules()
  givenName?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @NameRules()
  familyName?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsIsoDate()
  birthDate?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @LanguageRules()
  preferredLanguage?: string;

  @GenderField()
  gender?: AdministrativeGender | null;

  @PayerField()
  payer?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @PcpIdRules()
  pcpId?: string | null;
}

export class ListPatientsQueryDto {
  @ApiPropertyOptional({ description: 'Words matched against given name, family name and MRN (all must match)' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: INPUT_LIMITS.maxPage })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(INPUT_LIMITS.maxPage)
  page?: number;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(100)
  pageSize?: number;
}
