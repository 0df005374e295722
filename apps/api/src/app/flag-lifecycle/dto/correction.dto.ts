import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';
import type { CorrectAssessmentRequest, EnteredInErrorRequest } from '@huddle/shared-types';
import { UpdateContactDto } from '../../contacts/dto/contact.dto';
import { IsIsoDate, IsOptionalNotNull, Trim } from '../../common/validation';

const reason = (): PropertyDecorator =>
  applyDecorators(
    Trim(),
    IsString({ message: 'reason must be text' }),
    IsNotEmpty({ message: 'reason is required: say why the record is changed' }),
    MaxLength(2000),
  );

/** `PUT /assessments/:id`: the corrected answers (rescored like a new score) and why. */
export class CorrectAssessmentDto implements CorrectAssessmentRequest {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', nullable: true } })
  @IsObject({ message: 'answers must be an object keyed by item id' })
  answers!: Record<string, number | null>;

  @ApiPropertyOptional({ format: 'date', description: 'Corrected administration date (clinic-local)' })
  @IsOptionalNotNull()
  @IsIsoDate()
  administeredOn?: string;

  @ApiProperty({ maxLength: 2000 }) @reason() reason!: string;
}

/** `POST /assessments/:id/entered-in-error`, `POST /contacts/:id/entered-in-error`. */
export class EnteredInErrorDto implements EnteredInErrorRequest {
  @ApiProperty({ maxLength: 2000 }) @reason() reason!: string;
}

/** `PUT /contacts/:id`: the fields of `PATCH /contacts/:id` plus why; the original is kept. */
export class CorrectContactDto extends UpdateContactDto {
  @ApiProperty({ maxLength: 2000 }) @reason() reason!: string;
}
