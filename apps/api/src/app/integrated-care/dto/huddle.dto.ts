import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { DiscussHuddleItemRequest, RaiseHuddleItemRequest, UpdateCareTaskRequest } from '@huddle/shared-types';
import { IsIsoDate, Trim } from '../../common/validation';

const notEmpty = { message: ({ property }: { property: string }) => `${property} must not be empty` };

/** `POST /huddle/items`: a patient put on the next huddle with a question. */
export class RaiseHuddleItemDto implements RaiseHuddleItemRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  patientId!: string;

  @ApiProperty({ maxLength: 1000, example: 'Still PHQ-9 18 after 10 weeks on sertraline 100 mg: step up?' })
  @Trim()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(1000)
  question!: string;
}

export class NewTaskDto {
  @ApiProperty({ maxLength: 300 })
  @Trim()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'A care manager, consultant or PCP of the clinic who may see the patient',
  })
  @IsUUID('all')
  ownerId!: string;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  dueOn!: string;
}

/** `POST /huddle/items/:id/discuss`: the huddle's note and the tasks it gave. */
export class DiscussHuddleItemDto implements DiscussHuddleItemRequest {
  @ApiProperty({ maxLength: 4000 })
  @Trim()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(4000)
  note!: string;

  @ApiProperty({ type: NewTaskDto, isArray: true, maxItems: 10 })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => NewTaskDto)
  tasks!: NewTaskDto[];
}

/** `POST /tasks/:id/status`: done or reopened. */
export class UpdateCareTaskDto implements UpdateCareTaskRequest {
  @ApiProperty()
  @IsBoolean()
  done!: boolean;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}
