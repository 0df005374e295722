import { ApiProperty } from '@nestjs/swagger';
import type { StaffRef } from '@huddle/shared-types';

export class StaffRefDto implements StaffRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}
