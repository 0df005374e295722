import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, MaxLength, Min } from 'class-validator';
import type { ContactMethod, SaveCarePreferencesRequest } from '@huddle/shared-types';
import { IsRequiredOrNull, Trim } from '../../common/validation';

export const CONTACT_METHODS: readonly ContactMethod[] = ['phone', 'text', 'email', 'video', 'in_person'];

/** `PUT /patients/:id/care-preferences`: the whole set, every field given (null clears it; issue #14). */
export class SaveCarePreferencesDto implements SaveCarePreferencesRequest {
  @ApiProperty({ enum: CONTACT_METHODS, nullable: true })
  @IsRequiredOrNull()
  @IsIn(CONTACT_METHODS)
  contactMethod!: ContactMethod | null;

  @ApiProperty({ nullable: true, type: String, maxLength: 200, example: 'Weekday mornings before 11' })
  @IsRequiredOrNull()
  @Trim()
  @IsString()
  @MaxLength(200)
  contactTimes!: string | null;

  @ApiProperty({ nullable: true, type: String, maxLength: 1000 })
  @IsRequiredOrNull()
  @Trim()
  @IsString()
  @MaxLength(1000)
  whatHelps!: string | null;

  @ApiProperty({ nullable: true, type: String, maxLength: 1000 })
  @IsRequiredOrNull()
  @Trim()
  @IsString()
  @MaxLength(1000)
  whatToAvoid!: string | null;

  @ApiProperty({ minimum: 0, description: '0 when none were recorded yet, else the version you saw' })
  @IsInt()
  @Min(0)
  version!: number;
}
