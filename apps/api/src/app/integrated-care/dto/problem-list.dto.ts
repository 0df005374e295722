import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { AddProblemRequest, RecordLabRequest, ResolveProblemRequest } from '@huddle/shared-types';
import { IsIsoDate, IsOptionalOrNull, Trim } from '../../common/validation';

/** ICD-10-CM code shape: a letter, two characters, optionally a dot and up to four more (E11.9, I10, G89.29). */
export const ICD10CM_PATTERN = /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/i;

/** `POST /patients/:id/problems`. */
export class AddProblemDto implements AddProblemRequest {
  @ApiProperty({ example: 'E11.9', description: 'ICD-10-CM code' })
  @Trim()
  @IsString()
  @Matches(ICD10CM_PATTERN, { message: ({ property }) => `${property} must be an ICD-10-CM code, e.g. E11.9` })
  code!: string;

  @ApiProperty({ example: 'Type 2 diabetes mellitus without complications', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: ({ property }) => `${property} must not be empty` })
  @MaxLength(200)
  text!: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptionalOrNull()
  @IsIsoDate()
  onsetOn?: string | null;
}

/** `POST /problems/:id/resolve`. */
export class ResolveProblemDto implements ResolveProblemRequest {
  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  resolvedOn!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}

/** `POST /patients/:id/labs`: an HbA1c (%) or a blood pressure (mm Hg), dated. Plausible ranges only. */
export class RecordLabDto implements RecordLabRequest {
  @ApiProperty({ enum: ['hba1c', 'blood_pressure'] })
  @IsIn(['hba1c', 'blood_pressure'])
  kind!: 'hba1c' | 'blood_pressure';

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  on!: string;

  @ApiPropertyOptional({ minimum: 3, maximum: 20, description: 'HbA1c in % (LOINC 4548-4)' })
  @ValidateIf((dto: RecordLabDto) => dto.kind === 'hba1c' || dto.hba1c !== undefined)
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(3)
  @Max(20)
  hba1c?: number;

  @ApiPropertyOptional({ minimum: 50, maximum: 300, description: 'Systolic mm Hg (LOINC 8480-6)' })
  @ValidateIf((dto: RecordLabDto) => dto.kind === 'blood_pressure' || dto.systolic !== undefined)
  @IsInt()
  @Min(50)
  @Max(300)
  systolic?: number;

  @ApiPropertyOptional({ minimum: 20, maximum: 200, description: 'Diastolic mm Hg (LOINC 8462-4)' })
  @ValidateIf((dto: RecordLabDto) => dto.kind === 'blood_pressure' || dto.diastolic !== undefined)
  @IsInt()
  @Min(20)
  @Max(200)
  diastolic?: number;
}
