import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { MedicationAction, type MedicationEventView, type MedicationView, type StaffRef } from '@huddle/shared-types';
import { StaffRefDto } from '../../common/staff-ref.dto';
import { IsIsoDate, IsOptionalOrNull, Trim } from '../../common/validation';

const requiredText = (max: number): PropertyDecorator =>
  applyDecorators(
    Trim(),
    IsString(),
    IsNotEmpty({ message: ({ property }) => `${property} must not be empty` }),
    MaxLength(max),
  );
const optionalNote = (): PropertyDecorator => applyDecorators(IsOptionalOrNull(), Trim(), IsString(), MaxLength(2000));

/** `POST /patients/:id/medications`: a psychotropic medication started. */
export class StartMedicationDto {
  @ApiProperty({ example: 'sertraline' })
  @requiredText(120)
  name!: string;

  @ApiProperty({ example: '50 mg daily' })
  @requiredText(120)
  dose!: string;

  @ApiProperty({ format: 'date', description: "Clinic-local date it started; not after the clinic's today" })
  @IsIsoDate()
  startedOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @optionalNote()
  note?: string | null;
}

/** `POST /medications/:id/changes`: a dose change. */
export class ChangeMedicationDto {
  @ApiProperty({ example: '100 mg daily' })
  @requiredText(120)
  dose!: string;

  @ApiProperty({ format: 'date', description: 'Clinic-local date the new dose took effect' })
  @IsIsoDate()
  effectiveOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @optionalNote()
  note?: string | null;

  @ApiProperty({ minimum: 1, description: 'Version of the medication the client saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version!: number;
}

/** `POST /medications/:id/stop`. */
export class StopMedicationDto {
  @ApiProperty({ format: 'date', description: 'Clinic-local date it was stopped' })
  @IsIsoDate()
  stoppedOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Side effects' })
  @optionalNote()
  note?: string | null;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}

/** OpenAPI shape of {@link MedicationEventView}. */
export class MedicationEventViewDto implements MedicationEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) medicationId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId!: string | null;
  @ApiProperty({ enum: Object.values(MedicationAction) }) action!: MedicationAction;
  @ApiProperty() medication!: string;
  @ApiProperty({ nullable: true, type: String }) dose!: string | null;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: StaffRefDto }) recordedBy!: StaffRef;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/** OpenAPI shape of {@link MedicationView}. */
export class MedicationViewDto implements MedicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) dose!: string | null;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) stoppedOn!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: MedicationEventViewDto, isArray: true }) events!: MedicationEventView[];
  @ApiProperty() version!: number;
}
