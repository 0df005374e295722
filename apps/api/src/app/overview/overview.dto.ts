import { ApiProperty } from '@nestjs/swagger';
import type { ClinicOverview } from '@huddle/shared-types';

export class ClinicOverviewDto implements ClinicOverview {
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() patients!: number;
  @ApiProperty({ description: 'Episodes not discharged' }) openEpisodes!: number;
  @ApiProperty() careManagers!: number;
  @ApiProperty({ description: 'PHQ-9 assessments recorded in the last 30 days' }) phq9Last30Days!: number;
}
